//! Topics `socklab explain` needs beyond the live table's: the tables of other netstat
//! modes and dialects, their extra columns, remarks on pasted rows, the closing summary,
//! and the names of hostname patterns. Each set is closed except the providers and site
//! codes, which are open data (`lessons/glossary/hosts.toml`, see [`super::hosts`]); the
//! text lives in the glossary under the section named here.

keys!(
    /// Output families `explain` recognizes.
    FormatTopic, "format", {
    LinuxNetstat => "linux-netstat",
    Busybox => "busybox",
    Ss => "ss",
    Bsd => "bsd",
    Windows => "windows",
    Solaris => "solaris",
    Lsof => "lsof",
});

keys!(
    /// Tables other than the two socket sections.
    TableTopic, "table", {
    Route => "route",
    Interface => "interface",
    Stats => "stats",
    Groups => "groups",
    Bluetooth => "bluetooth",
    Kernel => "kernel",
    Ss => "ss",
    Windows => "windows",
    BsdUnix => "bsd_unix",
    SolarisBlock => "solaris_block",
    Lsof => "lsof",
    LsofFields => "lsof_fields",
});

keys!(
    /// Columns other dialects and flags add.
    MoreColumn, "column_more", {
    Timer => "timer",
    Netid => "netid",
    PeerAddress => "peer_address",
    Process => "process",
    Pcb => "pcb",
    Flowhash => "flowhash",
    Bytes => "bytes",
    Pid => "pid",
    BsdState => "bsd_state",
    Counters => "counters",
    Windows => "windows_window",
});

keys!(
    /// Remarks on pasted lines and the closing summary.
    ExplainNote, "explain_note", {
    Localized => "localized",
    Service => "service",
    ResolvedName => "resolved_name",
    Truncated => "truncated",
    DashOwner => "dash_owner",
    SsListenSendQ => "ss_listen_send_q",
    SsDetail => "ss_detail",
    SsStar => "ss_star",
    WindowsOwner => "windows_owner",
    WindowsNoOwner => "windows_no_owner",
    WindowsService => "windows_service",
    NotRoot => "not_root",
    Lossy => "lossy",
    Unrecognized => "unrecognized",
    TableRow => "table_row",
    StatsCounter => "stats_counter",
    Provider => "provider",
    Site => "site",
});

keys!(
    /// What `explain` says about the kinds of line issue 11 added (command lines, pasted
    /// noise, wrapped rows, kernel tables, `ss -s`) and about rows whose protocol or `*`
    /// was inferred.
    ExplainLine, "explain_line", {
    Command => "command",
    CommandFiltered => "command_filtered",
    CommandCount => "command_count",
    Fence => "fence",
    Html => "html",
    Ellipsis => "ellipsis",
    SudoPrompt => "sudo_prompt",
    Count => "count",
    Warning => "warning",
    Wrapped => "wrapped",
    WindowsLocalized => "windows_localized",
    ProcTable => "proc_table",
    ProcUnixTable => "proc_unix_table",
    ProcAddress => "proc_address",
    ProcState => "proc_state",
    ProcQueues => "proc_queues",
    ProcTimer => "proc_timer",
    TimerRetransmit => "timer_retransmit",
    TimerKeepalive => "timer_keepalive",
    TimerTimewait => "timer_timewait",
    TimerProbe => "timer_probe",
    SsSummary => "ss_summary",
    ProtoCommand => "proto_command",
    ProtoTcpState => "proto_tcp_state",
    ProtoUnconn => "proto_unconn",
    StarIpv4 => "star_ipv4",
    StarUnknown => "star_unknown",
    TooLong => "too_long",
});

keys!(
    /// Fields of ss's detail lines (`-e -i -m -o`), by the name ss prints before `:`.
    SsField, "ss_field", {
    Skmem => "skmem",
    Rtt => "rtt",
    Rto => "rto",
    Cwnd => "cwnd",
    Mss => "mss",
    Wscale => "wscale",
    BytesAcked => "bytes_acked",
    Retrans => "retrans",
    Unacked => "unacked",
    Lastsnd => "lastsnd",
    Timer => "timer",
    Cc => "cc",
});

/// The glossary section naming each provider of `hosts.toml`.
pub const PROVIDER_SECTION: &str = "host_provider";
/// The glossary section naming each site code of `hosts.toml`.
pub const SITE_SECTION: &str = "site_code";

/// Every explain topic, as one set for [`super::Topic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExplainTopic {
    Format(FormatTopic),
    Table(TableTopic),
    Column(MoreColumn),
    Note(ExplainNote),
    /// A provider of `hosts.toml`, by its key (`google`).
    Provider(&'static str),
    /// An IATA site code of `hosts.toml` (`kix`).
    Site(&'static str),
    SsField(SsField),
    Line(ExplainLine),
}

impl ExplainTopic {
    pub fn key(self) -> (&'static str, &'static str) {
        match self {
            ExplainTopic::Format(t) => (FormatTopic::SECTION, t.key()),
            ExplainTopic::Table(t) => (TableTopic::SECTION, t.key()),
            ExplainTopic::Column(t) => (MoreColumn::SECTION, t.key()),
            ExplainTopic::Note(t) => (ExplainNote::SECTION, t.key()),
            ExplainTopic::Provider(key) => (PROVIDER_SECTION, key),
            ExplainTopic::Site(code) => (SITE_SECTION, code),
            ExplainTopic::SsField(t) => (SsField::SECTION, t.key()),
            ExplainTopic::Line(t) => (ExplainLine::SECTION, t.key()),
        }
    }

    pub fn all() -> Vec<ExplainTopic> {
        let mut all: Vec<ExplainTopic> = Vec::new();
        all.extend(FormatTopic::ALL.iter().map(|t| ExplainTopic::Format(*t)));
        all.extend(TableTopic::ALL.iter().map(|t| ExplainTopic::Table(*t)));
        all.extend(MoreColumn::ALL.iter().map(|t| ExplainTopic::Column(*t)));
        all.extend(ExplainNote::ALL.iter().map(|t| ExplainTopic::Note(*t)));
        let hosts = super::hosts::hosts();
        all.extend(
            hosts
                .provider
                .iter()
                .map(|p| ExplainTopic::Provider(&p.key)),
        );
        all.extend(hosts.codes().map(ExplainTopic::Site));
        all.extend(SsField::ALL.iter().map(|t| ExplainTopic::SsField(*t)));
        all.extend(ExplainLine::ALL.iter().map(|t| ExplainTopic::Line(*t)));
        all
    }
}
