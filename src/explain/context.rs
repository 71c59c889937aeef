//! Pasted command lines — `$ ss -ant`, `[root@host ~]# netstat -pan | grep 81`,
//! `PS C:\> netstat -abo`, `-bash-4.3# ss --udp -l -p` — and what they say about the
//! lines under them (the [`Context`]): which tool printed them, which protocol a
//! `ss --udp` row is though ss printed no Netid, whether `-W` kept names whole, whether
//! a grep or `wc -l` changed the output.

use super::line::Command;
use crate::model::{Family, InetProto};
use crate::source::TABLES;

/// The programs whose output explain reads, as a command names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    Netstat,
    /// `netstat` at a Windows prompt (`C:\>`, `PS C:\>`) or `netstat.exe`.
    WindowsNetstat,
    Ss,
    Lsof,
    /// A kernel table read directly (`cat /proc/net/tcp`).
    Proc(ProcTable),
}

/// A table of `/proc/net`: what it holds, as the live reader's [`TABLES`] say (`None`:
/// UNIX sockets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcTable(pub Option<InetProto>);

impl ProcTable {
    /// The table a path names (`/proc/net/tcp`, `/proc/self/net/udp6`, `/proc/1/net/unix`).
    pub fn of_path(path: &str) -> Option<ProcTable> {
        let (dir, name) = path.rsplit_once('/')?;
        let net = dir.ends_with("/net") && dir.starts_with("/proc");
        if !net {
            return None;
        }
        // UDP-Lite tables have UDP's layout.
        let name = match name {
            "udplite" => "udp",
            "udplite6" => "udp6",
            other => other,
        };
        TABLES
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, proto)| ProcTable(*proto))
    }

    pub fn family(self) -> Family {
        self.0.map_or(Family::Unix, InetProto::family)
    }
}

/// What the last command line says about the lines under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    pub program: Program,
    /// The one protocol family an `ss` command selected (`-t`, `--udp`, `-x`…).
    pub family: Option<Family>,
    /// `netstat -W`/`--wide` (or old `-T`): addresses were not cut.
    pub wide: bool,
    /// `ss -s`: the summary, not a table.
    pub summary: bool,
    /// `lsof -F`: field output.
    pub fields: bool,
    /// Piped through a filter (`grep`, `findstr`, `Select-String`, `head`): rows may
    /// come without their heading.
    pub filtered: bool,
    /// Piped through `wc -l`: the output is a count.
    pub counted: bool,
}

/// Words a prompt ends with before the command.
const PROMPT_ENDS: [&str; 6] = ["$ ", "# ", "% ", "> ", "❯ ", "➜ "];

/// Programs run before the one that matters (`sudo`, `watch -n1`, `busybox`).
const WRAPPERS: [&str; 7] = ["sudo", "doas", "watch", "busybox", "time", "env", "command"];

/// A command line: an optional prompt, then a known program with its arguments. `None`
/// for anything else (a row never starts with `netstat -…`).
pub fn command(text: &str) -> Option<Command<'_>> {
    // Most lines are rows: a cheap look for a program's name first.
    let named = ["netstat", "NETSTAT", "lsof", "/proc/"]
        .iter()
        .any(|p| text.contains(p))
        || text.match_indices("ss").any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + 2..].chars().next();
            before.is_none_or(|c| c == ' ' || c == '/') && after.is_none_or(|c| c == ' ')
        });
    if !named {
        return None;
    }
    let t = text.trim_end();
    let indent = t.len() - t.trim_start().len();
    let t = &t[indent..];
    if let Some(found) = parse_command("", t) {
        return Some(found);
    }
    // A prompt: the shortest prefix ending in a prompt mark, or Windows `C:\…>`.
    let mut candidates: Vec<usize> = PROMPT_ENDS
        .iter()
        .flat_map(|end| t.match_indices(end).map(move |(i, m)| i + m.len()))
        .collect();
    if let Some(gt) = windows_prompt_end(t) {
        candidates.push(gt);
    }
    candidates.sort_unstable();
    candidates
        .into_iter()
        .filter(|&at| at <= 120)
        .find_map(|at| parse_command(t[..at].trim_end(), t[at..].trim_start()))
}

/// `C:\Users\x>netstat -ano` (cmd.exe puts no space after `>`).
fn windows_prompt_end(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let drive = b.len() > 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\';
    let ps = t.starts_with("PS ");
    if !(drive || ps) {
        return None;
    }
    t.find('>').map(|i| i + 1)
}

fn parse_command<'a>(prompt: &'a str, rest: &'a str) -> Option<Command<'a>> {
    let mut segments = rest.split('|');
    let first = segments.next()?.trim();
    let mut words = first.split_whitespace().peekable();
    let mut program = words.next()?;
    // Skip wrappers and their options: `sudo -E`, `watch -n 1`, `env LANG=C`.
    while WRAPPERS.contains(&basename(program)) || program.contains('=') {
        let mut next = words.next()?;
        while next.starts_with('-') || next.contains('=') || next.parse::<f64>().is_ok() {
            next = words.next()?;
        }
        program = next;
    }
    let name = basename(program).trim_end_matches(".exe");
    const PROGRAMS: [&str; 9] = [
        "netstat", "ss", "lsof", "cat", "head", "tail", "less", "more", "grep",
    ];
    if !PROGRAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
        return None;
    }
    let args: Vec<&str> = words.collect();
    let plausible = match args.first() {
        None => !prompt.is_empty() || name != "cat",
        // Flags, a path, a Windows `/?`: never a row's second column (a number).
        Some(a) => {
            a.starts_with(['-', '/', '+'])
                || (!prompt.is_empty() && !a.starts_with(|c: char| c.is_ascii_digit()))
        }
    };
    let reads_proc = args.iter().any(|a| ProcTable::of_path(a).is_some());
    let wanted = matches!(name, "netstat" | "ss" | "lsof" | "NETSTAT") || reads_proc;
    if !plausible || !wanted {
        return None;
    }
    Some(Command {
        prompt,
        program: name,
        args,
        pipes: segments.map(str::trim).filter(|s| !s.is_empty()).collect(),
    })
}

fn basename(word: &str) -> &str {
    word.rsplit(['/', '\\']).next().unwrap_or(word)
}

impl Command<'_> {
    /// What the command says about the lines under it.
    pub fn context(&self) -> Context {
        let windows = self.prompt.starts_with("PS ")
            || self.prompt.ends_with('>') && self.prompt.contains(":\\");
        let program = match self.program {
            "ss" => Program::Ss,
            "lsof" => Program::Lsof,
            "netstat" | "NETSTAT" if windows => Program::WindowsNetstat,
            "netstat" | "NETSTAT" => Program::Netstat,
            _ => self
                .args
                .iter()
                .find_map(|a| ProcTable::of_path(a))
                .map_or(Program::Netstat, Program::Proc),
        };
        let has = |long: &str, short: char| self.has_flag(long, short);
        let pipe = |names: &[&str]| {
            self.pipes.iter().any(|p| {
                let first = p.split_whitespace().next().unwrap_or("");
                names.iter().any(|n| first.eq_ignore_ascii_case(n))
            })
        };
        Context {
            program,
            family: (program == Program::Ss).then(|| self.ss_family()).flatten(),
            wide: program == Program::Netstat && (has("--wide", 'W') || has("--notrim", 'T')),
            summary: program == Program::Ss && has("--summary", 's'),
            fields: program == Program::Lsof && self.args.iter().any(|a| a.starts_with("-F")),
            filtered: pipe(&[
                "grep",
                "egrep",
                "fgrep",
                "findstr",
                "Select-String",
                "sls",
                "head",
                "tail",
                "awk",
                "sed",
                "sort",
            ]),
            counted: pipe(&["wc"]),
        }
    }

    /// Whether a flag is given, long (`--udp`) or short alone or in a cluster (`-tulp`).
    pub fn has_flag(&self, long: &str, short: char) -> bool {
        self.args.iter().any(|a| {
            *a == long
                || a.strip_prefix('-').is_some_and(|s| {
                    !s.starts_with('-')
                        && s.chars().all(|c| c.is_ascii_alphanumeric())
                        && s.contains(short)
                })
        })
    }

    /// The one protocol family an ss command selects, if it selects exactly one.
    fn ss_family(&self) -> Option<Family> {
        let chosen: Vec<Family> = [
            ("--tcp", 't', Family::Tcp),
            ("--udp", 'u', Family::Udp),
            ("--raw", 'w', Family::Raw),
            ("--unix", 'x', Family::Unix),
        ]
        .into_iter()
        .filter(|(long, short, _)| self.has_flag(long, *short))
        .map(|(_, _, f)| f)
        .collect();
        match chosen[..] {
            [one] => Some(one),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_and_commands() {
        // The shapes issue 11 lists, and prompts of this machine's bash.
        let c = command("$ ss -ant").unwrap();
        assert_eq!(
            (c.prompt, c.program, &c.args[..]),
            ("$", "ss", &["-ant"][..])
        );
        let c = command("[root@host ~]# netstat -pan | grep 81").unwrap();
        assert_eq!(c.prompt, "[root@host ~]#");
        assert_eq!(c.pipes, ["grep 81"]);
        assert!(c.context().filtered);
        let c = command("PS C:\\> netstat -abo").unwrap();
        assert_eq!(c.context().program, Program::WindowsNetstat);
        let c = command("C:\\Windows\\system32>netstat -ano").unwrap();
        assert_eq!((c.prompt, c.program), ("C:\\Windows\\system32>", "netstat"));
        let c = command("-bash-4.3# ss --udp -l -p").unwrap();
        assert_eq!(c.context().family, Some(Family::Udp));
        let c = command("user@box:~$ sudo ss -tlnp").unwrap();
        assert_eq!(c.context().family, Some(Family::Tcp));
        let c = command("ss -tuln").unwrap();
        assert_eq!(c.context().family, None);
        let c = command("# cat /proc/net/tcp6").unwrap();
        assert_eq!(
            c.context().program,
            Program::Proc(ProcTable(Some(InetProto::Tcp6)))
        );
        assert!(command("netstat -W -tan").unwrap().context().wide);
        assert!(command("$ netstat -an | wc -l").unwrap().context().counted);
        assert!(command("ss -s").unwrap().context().summary);
    }

    #[test]
    fn rows_and_prose_are_not_commands() {
        // lsof rows of processes named like the tools (lsof 4.95, this machine).
        assert!(
            command("ss      1234 root    3u  IPv4 693267      0t0  TCP *:22 (LISTEN)").is_none()
        );
        assert!(command("cat 1234 root cwd DIR 259,2 4096 2 /").is_none());
        assert!(command("tcp        0      0 0.0.0.0:22   0.0.0.0:*   LISTEN").is_none());
        assert!(command("The netstat output shows").is_none());
        assert!(command("$ ls -l").is_none());
        assert!(command("cat notes.txt").is_none());
    }

    #[test]
    fn proc_paths() {
        assert_eq!(
            ProcTable::of_path("/proc/net/tcp"),
            Some(ProcTable(Some(InetProto::Tcp)))
        );
        assert_eq!(
            ProcTable::of_path("/proc/1234/net/unix"),
            Some(ProcTable(None))
        );
        assert_eq!(ProcTable::of_path("/tmp/net/tcp"), None);
    }
}
