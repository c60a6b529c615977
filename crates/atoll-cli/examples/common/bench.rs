//! What the benchmarks share: emulator credentials, command-line figures,
//! the process's CPU time.

/// Emulator credentials and no ~/.aws files, so a benchmark never touches
/// a real account. Call before any other thread reads the environment.
pub fn use_emulator_credentials() {
    // SAFETY: called first in main, before any other thread exists.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_REGION", "eu-west-1");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/atoll-bench-config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/atoll-bench-credentials",
        );
    }
}

/// `--NAME N` or `--NAME=N` on the command line, else the environment
/// variable `env`, as a number; None without either.
pub fn number_arg<T: std::str::FromStr>(name: &str, env: &str) -> Option<T> {
    let args: Vec<String> = std::env::args().collect();
    let flag = format!("--{name}");
    let from_args = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix(&format!("{flag}="))
            .map(str::to_string)
            .or_else(|| (*a == flag).then(|| args.get(i + 1).cloned().unwrap_or_default()))
    });
    from_args.or_else(|| std::env::var(env).ok()).map(|v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{flag} takes a number"))
    })
}

/// CPU seconds this process has used (user + system), from /proc (Linux;
/// 0 elsewhere): tells Atoll's own time apart from waiting on the network.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold spaces).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks
    // (100 per second on Linux).
    (ticks(11) + ticks(12)) / 100.0
}
