//! The mount table (`self/mountinfo`, parsed by procfs): which filesystem holds a UNIX
//! socket's path — `tmpfs` for `/run` and `/run/user/<uid>` on most systems.

use std::io::BufRead;
use std::path::PathBuf;

use procfs::FromBufRead;
use procfs::process::MountInfos;

#[derive(Debug, Default)]
pub struct Mounts {
    /// (mount point, fs type), longest mount point first so the first prefix match wins.
    points: Vec<(PathBuf, String)>,
}

impl Mounts {
    pub fn parse(reader: impl BufRead) -> Mounts {
        let mut points: Vec<(PathBuf, String)> = MountInfos::from_buf_read(reader)
            .map(|m| {
                m.0.into_iter()
                    .map(|i| (i.mount_point, i.fs_type))
                    .collect()
            })
            .unwrap_or_default();
        points.sort_by_key(|(p, _)| std::cmp::Reverse(p.as_os_str().len()));
        Mounts { points }
    }

    /// The filesystem type holding `path` (an absolute socket path).
    pub fn fs_type(&self, path: &str) -> Option<&str> {
        let path = std::path::Path::new(path);
        self.points
            .iter()
            .find(|(point, _)| path.starts_with(point))
            .map(|(_, fs)| fs.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_mount_point_wins() {
        // From /proc/self/mountinfo on this project's build machine (Linux 6.18).
        let text = "\
24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334432k,nr_inodes=3083608,mode=755
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683656k
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
";
        let m = Mounts::parse(text.as_bytes());
        assert_eq!(m.fs_type("/dev/shm/x.sock"), Some("tmpfs"));
        assert_eq!(m.fs_type("/dev/log"), Some("devtmpfs"));
        assert_eq!(m.fs_type("/tmp/x.sock"), Some("ext4"));
        assert_eq!(
            m.fs_type("/dev/shmem"),
            Some("devtmpfs"),
            "a prefix must end at a path component"
        );
    }
}
