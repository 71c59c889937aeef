//! Topics `socklab explain` needs beyond the live table's: the tables of other netstat
//! modes and dialects, their extra columns, remarks on pasted rows, the closing summary,
//! and hostname patterns (server domains of big providers, IATA-style site codes). Each
//! set is closed; the text lives in the glossary under the section named here.

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
    /// Server domains of big providers: `term` and `aliases` are domain suffixes.
    Provider, "host_provider", {
    Google => "google",
    Amazon => "amazon",
    Cloudfront => "cloudfront",
    Akamai => "akamai",
    Facebook => "facebook",
    Microsoft => "microsoft",
    Cloudflare => "cloudflare",
    Fastly => "fastly",
    Apple => "apple",
    Github => "github",
});

keys!(
    /// IATA airport codes providers put in server names to say which city a site is in.
    SiteCode, "site_code", {
    Kix => "kix", Nrt => "nrt", Hnd => "hnd", Icn => "icn", Tpe => "tpe", Hkg => "hkg",
    Sin => "sin", Bom => "bom", Del => "del", Syd => "syd", Fra => "fra", Ams => "ams",
    Lhr => "lhr", Cdg => "cdg", Mad => "mad", Mxp => "mxp", Waw => "waw", Arn => "arn",
    Iad => "iad", Ord => "ord", Dfw => "dfw", Atl => "atl", Lax => "lax", Sjc => "sjc",
    Sea => "sea", Den => "den", Mia => "mia", Lga => "lga", Jfk => "jfk", Yyz => "yyz",
    Gru => "gru", Bog => "bog",
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

/// Every explain topic, as one closed set for [`super::Topic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExplainTopic {
    Format(FormatTopic),
    Table(TableTopic),
    Column(MoreColumn),
    Note(ExplainNote),
    Provider(Provider),
    Site(SiteCode),
    SsField(SsField),
}

impl ExplainTopic {
    pub fn key(self) -> (&'static str, &'static str) {
        match self {
            ExplainTopic::Format(t) => (FormatTopic::SECTION, t.key()),
            ExplainTopic::Table(t) => (TableTopic::SECTION, t.key()),
            ExplainTopic::Column(t) => (MoreColumn::SECTION, t.key()),
            ExplainTopic::Note(t) => (ExplainNote::SECTION, t.key()),
            ExplainTopic::Provider(t) => (Provider::SECTION, t.key()),
            ExplainTopic::Site(t) => (SiteCode::SECTION, t.key()),
            ExplainTopic::SsField(t) => (SsField::SECTION, t.key()),
        }
    }

    pub fn all() -> Vec<ExplainTopic> {
        let mut all: Vec<ExplainTopic> = Vec::new();
        all.extend(FormatTopic::ALL.iter().map(|t| ExplainTopic::Format(*t)));
        all.extend(TableTopic::ALL.iter().map(|t| ExplainTopic::Table(*t)));
        all.extend(MoreColumn::ALL.iter().map(|t| ExplainTopic::Column(*t)));
        all.extend(ExplainNote::ALL.iter().map(|t| ExplainTopic::Note(*t)));
        all.extend(Provider::ALL.iter().map(|t| ExplainTopic::Provider(*t)));
        all.extend(SiteCode::ALL.iter().map(|t| ExplainTopic::Site(*t)));
        all.extend(SsField::ALL.iter().map(|t| ExplainTopic::SsField(*t)));
        all
    }
}
