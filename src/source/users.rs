//! User names for uids, from a passwd-format file (`/etc/passwd` live, `<tree>/passwd`
//! in a fixture tree). A missing file just means numeric uids.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Users {
    names: HashMap<u32, Arc<str>>,
}

impl Users {
    pub fn parse(reader: impl BufRead) -> Users {
        let names = reader
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| {
                let mut f = line.split(':');
                let name: Arc<str> = Arc::from(f.next()?);
                let uid = f.nth(1)?.parse().ok()?;
                Some((uid, name))
            })
            .collect();
        Users { names }
    }

    pub fn name(&self, uid: u32) -> Option<&Arc<str>> {
        self.names.get(&uid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_passwd_lines() {
        // Debian 12's /etc/passwd, first lines.
        let u = Users::parse("root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n".as_bytes());
        assert_eq!(u.name(0).map(|n| &**n), Some("root"));
        assert_eq!(u.name(65534).map(|n| &**n), Some("nobody"));
        assert_eq!(u.name(1), None);
    }
}
