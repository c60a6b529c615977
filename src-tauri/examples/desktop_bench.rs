//! Desktop benchmark: cold start to an interactive dashboard, loading and
//! filtering 50,000 findings in the explorer, and the app's memory with
//! them loaded (targets: <= 1.5 s, <= 200 ms per filter, <= 300 MB).
//!
//! `cargo run -p atoll-desktop --example desktop_bench` (after building the
//! app: `cargo build -p atoll-desktop`) prints the figures. It drives the
//! real app binary under Xvfb through WebDriver, like the end-to-end test,
//! on a store holding one scan with 50,000 failing results.

#[path = "../tests/common/driver.rs"]
mod driver;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atoll_app::Store;
use atoll_core::score::RuleInfo;
use atoll_core::{Coverage, CoverageStatus, Outcome, RuleResult};
use chrono::Utc;
use driver::Session;
use serde_json::json;

const FINDINGS: usize = 50_000;
const REGIONS: [&str; 4] = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2"];

/// A customer with one completed scan of FINDINGS failing results spread
/// over the real catalogue's automated rules and four regions.
async fn seed(db: &Path, findings: usize) -> anyhow::Result<()> {
    let store = Store::open(db).await?;
    let rules = atoll_app::builtin_rules().await?;
    let automated: Vec<_> = rules.rules.iter().filter(|r| !r.info.manual).collect();
    let customer = store
        .customer_id(&format!("Bench Corp ({findings} findings)"))
        .await?;
    let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let started = Utc::now();
    let scan = store
        .begin_scan(Some(customer), &regions, &rules.version, started)
        .await?;
    let coverage: Vec<Coverage> = REGIONS
        .iter()
        .map(|region| Coverage {
            service: "ec2".into(),
            resource_type: "AWS::EC2::Instance".into(),
            region: region.to_string(),
            status: CoverageStatus::Ok,
            message: None,
        })
        .collect();
    store
        .save_inventory(scan, "123456789012", &regions, &[], &coverage, 1_234)
        .await?;
    let results: Vec<RuleResult> = (0..findings * 2)
        .map(|i| {
            let rule = automated[i % automated.len()];
            let region = REGIONS[i % REGIONS.len()];
            let id = format!(
                "{}-{i:08x}",
                rule.resource_types
                    .first()
                    .map_or("res", |t| t.rsplit("::").next().unwrap_or("res"))
                    .to_lowercase()
            );
            RuleResult {
                rule_id: rule.info.id.clone(),
                resource_type: rule.resource_types.first().cloned().unwrap_or_default(),
                region: region.into(),
                arn: Some(format!("arn:aws:ec2:{region}:123456789012:thing/{id}")),
                resource_id: id,
                outcome: if i % 2 == 0 {
                    Outcome::Fail
                } else {
                    Outcome::Pass
                },
                detail: String::new(),
            }
        })
        .collect();
    let infos: Vec<RuleInfo> = rules.rules.iter().map(RuleInfo::from).collect();
    store
        .complete_scan(scan, &infos, &results, Utc::now())
        .await?;
    Ok(())
}

/// Milliseconds from changing a filter to the explorer having re-rendered
/// (two animation frames after the change).
const TIME_FILTER: &str = r#"
const [testid, value] = arguments;
const el = document.querySelector(`[data-testid='${testid}']`);
const start = performance.now();
el.value = value;
el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
await new Promise((done) => setTimeout(done, 0));
const updated = performance.now() - start;
await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
return [performance.now() - start, document.querySelector("[data-testid='findings-count']").textContent, updated];
"#;

/// Resident (RSS) and proportional (PSS, shared pages split) memory of the
/// app and its WebKit child processes, in MB.
fn memory_mb(app: &Path) -> (f64, f64, Vec<String>) {
    let mut parents = Vec::new();
    let mut names = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let comm = stat.split(['(', ')']).nth(1).unwrap_or("").to_string();
        names.push((pid, comm));
        let ppid: u32 = stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        parents.push((pid, ppid));
    }
    let mut family = app_pids(app);
    loop {
        let before = family.len();
        for (pid, ppid) in &parents {
            if family.contains(ppid) && !family.contains(pid) {
                family.push(*pid);
            }
        }
        if family.len() == before {
            break;
        }
    }
    let field = |pid: u32, file: &str, key: &str| -> f64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    let rss = family.iter().map(|p| field(*p, "status", "VmRSS:")).sum();
    let pss = family
        .iter()
        .map(|p| field(*p, "smaps_rollup", "Pss:"))
        .sum();
    let parts = family
        .iter()
        .map(|p| {
            let name = names
                .iter()
                .find(|(pid, _)| pid == p)
                .map_or("?", |(_, n)| n.as_str());
            format!("{name} {:.0} MB", field(*p, "smaps_rollup", "Pss:"))
        })
        .collect();
    (rss, pss, parts)
}

/// The app's process ids (the binary itself, not its WebKit children).
fn app_pids(app: &Path) -> Vec<u32> {
    let name = app.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let comm = stat.split(['(', ')']).nth(1).unwrap_or("");
            !comm.is_empty() && name.starts_with(comm)
        })
        .collect()
}

/// When the process started, in milliseconds since the Unix epoch (from
/// its start in clock ticks after boot and the uptime: 10 ms resolution).
fn process_start_epoch_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Field 22 (starttime), counted after the `(comm)` field.
    let ticks: f64 = stat
        .rsplit(')')
        .next()
        .and_then(|rest| rest.split_whitespace().nth(19))
        .and_then(|t| t.parse().ok())
        .unwrap();
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split_whitespace()
        .next()
        .and_then(|u| u.parse().ok())
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0;
    // Linux's USER_HZ is 100 on every mainstream configuration.
    now - (uptime - ticks / 100.0) * 1000.0
}

/// Milliseconds from the app's process start to the UI's script starting
/// and to the dashboard showing its numbers (the `performance.mark`s the
/// UI sets), read once the dashboard is shown.
async fn launch_marks(s: &Session, app: &Path) -> anyhow::Result<(f64, f64)> {
    let pid = *app_pids(app)
        .first()
        .ok_or_else(|| anyhow::anyhow!("the app's process is not found"))?;
    let started = process_start_epoch_ms(pid);
    let marks = s
        .client
        .execute(
            "const at = (name) => performance.timeOrigin + performance.getEntriesByName(name)[0].startTime;
             return [at('ui-start'), at('dashboard-ready')];",
            vec![],
        )
        .await?;
    let ui = marks[0].as_f64().unwrap_or(f64::NAN) - started;
    let ready = marks[1].as_f64().unwrap_or(f64::NAN) - started;
    Ok((ui, ready))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let work = tempfile::tempdir()?;
    let app: PathBuf = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("atoll-desktop"))
        .filter(|p| p.exists())
        .ok_or_else(|| anyhow::anyhow!("build the app first: cargo build -p atoll-desktop"))?;
    let shots = work.path().join("shots");

    // Reference: the same start with a 100-finding scan, to tell the
    // launch (app, WebKit, WebDriver session) from the work on the data.
    let small = work.path().join("small.db");
    seed(&small, 100).await?;
    let start = Instant::now();
    let s = Session::start(&app, &[("ATOLL_DB", small.as_path())], &shots).await;
    s.wait_text("health-score", "the score", |t| !t.trim().is_empty())
        .await;
    let (ui, ready) = launch_marks(&s, &app).await?;
    println!(
        "reference, a 100-finding scan: process start to the dashboard {ready:.0} ms (UI script started at {ui:.0} ms); WebDriver session request to the dashboard {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    s.client.clone().close().await?;
    drop(s);

    let db = work.path().join("bench.db");
    let seeding = Instant::now();
    seed(&db, FINDINGS).await?;
    println!(
        "seeded {FINDINGS} findings in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let s = Session::start(&app, &[("ATOLL_DB", db.as_path())], &shots).await;
    s.wait_text("health-score", "the score", |t| !t.trim().is_empty())
        .await;
    let cold_start = start.elapsed();
    let (ui, ready) = launch_marks(&s, &app).await?;
    println!(
        "cold start to an interactive dashboard of {FINDINGS} findings (app process start -> store open, rules loaded, window, UI script at {ui:.0} ms -> scan summarised, charts drawn): {ready:.0} ms (target <= 1500 ms)"
    );
    println!(
        "  the same seen from the WebDriver session request (adds tauri-driver and WebKitWebDriver starting): {:.0} ms",
        cold_start.as_secs_f64() * 1000.0
    );

    let (_, pss, processes) = memory_mb(&app);
    println!(
        "memory on the dashboard: {pss:.0} MB PSS: {}",
        processes.join(", ")
    );

    let load = Instant::now();
    s.click("tab-findings").await;
    s.wait_text("findings-count", "all findings", |t| {
        t.starts_with("50,000 of 50,000")
    })
    .await;
    println!(
        "explorer: load and index {FINDINGS} findings over IPC: {:.0} ms",
        load.elapsed().as_secs_f64() * 1000.0
    );

    let mut timings = Vec::new();
    for (testid, value) in [
        ("filter-region", "us-east-1"),
        ("filter-risk", "high"),
        ("filter-region", ""),
        ("findings-search", "eu-west-1 0000a"),
        ("findings-search", ""),
        ("findings-group", "rule"),
        ("findings-group", "none"),
        ("filter-risk", ""),
    ] {
        let out = s
            .client
            .execute(TIME_FILTER, vec![json!(testid), json!(value)])
            .await?;
        let ms = out[0].as_f64().unwrap_or(f64::NAN);
        println!(
            "  {testid} = {value:?}: {ms:.0} ms painted ({:.0} ms to the DOM update) -> {}",
            out[2].as_f64().unwrap_or(f64::NAN),
            out[1].as_str().unwrap_or("")
        );
        timings.push(ms);
    }
    timings.sort_by(f64::total_cmp);
    println!(
        "filtering {FINDINGS} findings (change to re-rendered table): median {:.0} ms, worst {:.0} ms (target <= 200 ms)",
        timings[timings.len() / 2],
        timings[timings.len() - 1]
    );

    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss, pss, processes) = memory_mb(&app);
    println!(
        "memory with {FINDINGS} findings loaded, 2 s after the last filter: {pss:.0} MB PSS ({rss:.0} MB RSS): {}",
        processes.join(", ")
    );
    // Settled: after JavaScriptCore's collector and WebKit's allocator have
    // had time to hand back what loading the findings left behind.
    tokio::time::sleep(Duration::from_secs(20)).await;
    let (rss, pss, processes) = memory_mb(&app);
    println!(
        "memory with {FINDINGS} findings loaded, settled (20 s later, idle): {pss:.0} MB PSS ({rss:.0} MB RSS): {} (target <= 300 MB)",
        processes.join(", ")
    );
    s.client.clone().close().await?;
    Ok(())
}
