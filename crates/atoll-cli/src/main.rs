//! `atoll`: scan an AWS account read-only and map what is wrong to the
//! Well-Architected Framework. The command line contract is in design.md and
//! README.md; automation depends on it.
//!
//! Exit codes: 0 success; 1 error; 2 `--fail-on` threshold reached or
//! `rules check` failed.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

mod output;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use atoll_app::{ScanEvent, ScanRequest, ScanTarget, Store, default_db_path};
use atoll_core::Risk;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tokio_util::sync::CancellationToken;

#[derive(Parser)]
#[command(
    name = "atoll",
    version,
    about = "Read-only AWS Well-Architected review scanner"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// SQLite database file (default: the user data directory's atoll/atoll.db).
    #[arg(long, env = "ATOLL_DB", global = true)]
    db: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Scan an AWS account and store the results.
    Scan {
        /// Named profile from ~/.aws/config (static keys, SSO or credential_process).
        #[arg(long)]
        profile: Option<String>,
        /// Role to assume on top of the base credentials.
        #[arg(long)]
        role_arn: Option<String>,
        /// External ID required by the customer's role trust policy.
        #[arg(long, requires = "role_arn")]
        external_id: Option<String>,
        /// Send every AWS call to this endpoint (e.g. an emulator). AWS_ENDPOINT_URL works too.
        #[arg(long)]
        endpoint_url: Option<String>,
        /// Comma-separated regions, or `all` for every enabled region (default: the profile's region).
        #[arg(long, value_delimiter = ',')]
        regions: Vec<String>,
        /// Customer name to file the scan under.
        #[arg(long)]
        customer: Option<String>,
        /// Write the scan, summary and findings as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Exit with code 2 when an unsuppressed finding of this risk or higher exists.
        #[arg(long, value_parser = parse_risk)]
        fail_on: Option<Risk>,
        /// Use the rule catalogue in this directory instead of the built-in one.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Region x service tasks run at once (per account).
        #[arg(long, default_value_t = atoll_app::scan::DEFAULT_CONCURRENCY)]
        concurrency: usize,
        /// Review one workload: only resources with this tag (repeatable:
        /// any of them), plus the account-level settings.
        #[arg(long = "tag", value_name = "KEY=VALUE", value_parser = atoll_core::scope::ScopeTag::parse)]
        tags: Vec<atoll_core::scope::ScopeTag>,
        #[command(flatten)]
        organization: OrganizationArgs,
        #[command(flatten)]
        db: DbArg,
    },
    /// Build the client-ready PDF report (and CSV / XLSX / JSON exports) of a stored scan.
    Report(ReportArgs),
    /// Compare two scans: new, resolved and persisting findings, HRI progress.
    Diff {
        #[arg(long)]
        from: i64,
        #[arg(long)]
        to: i64,
        #[arg(long)]
        json: Option<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List stored scans.
    Scans {
        #[arg(long)]
        customer: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// The rule catalogue.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

/// An organization review: every member account, through a role assumed
/// from the account the credentials belong to.
#[derive(clap::Args, Clone)]
struct OrganizationArgs {
    /// Review every ACTIVE member account of the organization the
    /// credentials administer (management or delegated-administrator account).
    #[arg(long)]
    organization: bool,
    /// The role assumed in each member account.
    #[arg(long, requires = "organization", default_value = atoll_app::organization::DEFAULT_MEMBER_ROLE)]
    member_role: String,
    /// External ID the member roles' trust policy requires.
    #[arg(long, requires = "organization")]
    member_external_id: Option<String>,
    /// Only accounts under these OUs (comma-separated paths or names).
    #[arg(long, requires = "organization", value_delimiter = ',')]
    ou: Vec<String>,
    /// Leave out accounts under these OUs.
    #[arg(long, requires = "organization", value_delimiter = ',')]
    exclude_ou: Vec<String>,
    /// Only these account ids (comma-separated); without access to
    /// Organizations, the accounts to review.
    #[arg(long, requires = "organization", value_delimiter = ',')]
    accounts: Vec<String>,
    /// Leave out these account ids.
    #[arg(long, requires = "organization", value_delimiter = ',')]
    exclude_accounts: Vec<String>,
    /// Accounts scanned at once.
    #[arg(long, requires = "organization", default_value_t = atoll_app::organization::DEFAULT_ACCOUNTS_IN_FLIGHT)]
    max_accounts_in_flight: usize,
}

impl OrganizationArgs {
    fn scope(self) -> Option<atoll_app::OrganizationScope> {
        self.organization.then_some(atoll_app::OrganizationScope {
            member_role: self.member_role,
            external_id: self.member_external_id,
            include_ous: self.ou,
            exclude_ous: self.exclude_ou,
            accounts: self.accounts,
            exclude_accounts: self.exclude_accounts,
            max_accounts_in_flight: self.max_accounts_in_flight,
        })
    }
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the rules.
    List {
        #[arg(long)]
        json: bool,
        /// A rule directory instead of the built-in catalogue.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Write the catalogue page (pillar -> question -> rule) as Markdown.
    Docs {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A rule directory instead of the built-in catalogue.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Validate every rule file and run each rule's test cases.
    Check {
        /// The catalogue directory (default: the built-in catalogue).
        dir: Option<PathBuf>,
    },
}

fn parse_risk(text: &str) -> Result<Risk, String> {
    Risk::parse(text).ok_or_else(|| format!("expected one of {}", Risk::names()))
}

#[tokio::main]
async fn main() -> ExitCode {
    init_logging();
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Logs on stderr, filtered by `ATOLL_LOG` (an `EnvFilter` directive, e.g. `debug`).
///
/// The AWS SDK's own events (targets `aws_smithy_*`, `aws_sdk_*`, `aws_config`) are capped at
/// `info` whatever `ATOLL_LOG` asks: at debug and trace they print request and response bodies,
/// which carry customer values a scan must never write anywhere (a CloudFormation stack's
/// parameter values, a Lambda function's environment). The cap is a separate filter, so no
/// `ATOLL_LOG` directive, however specific, can lift it.
fn init_logging() {
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;

    let sdk_capped = tracing_subscriber::filter::filter_fn(|meta| {
        let target = meta.target();
        let from_sdk = target.starts_with("aws_smithy")
            || target.starts_with("aws_sdk")
            || target.starts_with("aws_config");
        !from_sdk || *meta.level() <= tracing::Level::INFO
    });
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(tracing_subscriber::EnvFilter::from_env("ATOLL_LOG"))
        .with_filter(sdk_capped);
    tracing_subscriber::registry().with(layer).init();
}

async fn open_store(db: &DbArg) -> Result<Store> {
    let path = db.db.clone().unwrap_or_else(default_db_path);
    atoll_app::open_store(&path)
        .await
        .with_context(|| format!("opening {}", path.display()))
}

async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan {
            profile,
            role_arn,
            external_id,
            endpoint_url,
            regions,
            customer,
            json,
            fail_on,
            rules,
            concurrency,
            tags,
            organization,
            db,
        } => {
            let rules = atoll_app::load_rules(rules.as_deref()).await?;
            let store = open_store(&db).await?;
            let request = ScanRequest {
                target: ScanTarget {
                    profile,
                    role_arn,
                    external_id,
                    endpoint_url,
                    ..Default::default()
                },
                regions,
                customer,
                concurrency,
                organization: organization.scope(),
                scope: atoll_core::scope::WorkloadScope { tags },
            };
            let cancel = CancellationToken::new();
            let on_ctrl_c = cancel.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!("cancelling the scan...");
                    on_ctrl_c.cancel();
                }
            });
            let progress = ScanProgress::new();
            let scan_id =
                atoll_app::run_scan(&store, &rules, &request, &|p| progress.show(p), &cancel).await;
            progress.finish();
            let scan_id = scan_id?;
            let report = atoll_app::scan_report(&store, scan_id, chrono::Utc::now()).await?;
            output::print_summary(&report);
            if let Some(path) = json {
                output::write_json(&path, &report)?;
            }
            let breached = fail_on.is_some_and(|threshold| {
                report
                    .findings
                    .iter()
                    .any(|f| !f.suppressed && f.risk <= threshold)
            });
            Ok(if breached {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Report(args) => report(args).await,
        Command::Diff { from, to, json, db } => {
            let store = open_store(&db).await?;
            let diff = atoll_app::diff_scans(&store, from, to, chrono::Utc::now()).await?;
            output::print_diff(from, to, &diff);
            if let Some(path) = json {
                output::write_json(&path, &diff)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Scans { customer, db } => {
            let store = open_store(&db).await?;
            output::print_scans(&atoll_app::list_scans(&store, customer.as_deref()).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules {
            command: RulesCommand::List { json, rules },
        } => {
            let rules = atoll_app::load_rules(rules.as_deref()).await?;
            output::print_rules(&rules, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules {
            command: RulesCommand::Docs { out, rules },
        } => {
            let rules = atoll_app::load_rules(rules.as_deref()).await?;
            let page = atoll_app::catalogue_markdown(&rules);
            match out {
                Some(path) => std::fs::write(&path, page)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{page}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules {
            command: RulesCommand::Check { dir },
        } => {
            let rules = atoll_app::load_rules(dir.as_deref()).await?;
            let check = atoll_app::check_catalogue(&rules).await?;
            let (cases, failures) = (check.cases, check.failures);
            for f in &failures {
                println!("FAIL {} ({}): {}", f.rule_id, f.file, f.case);
                for p in &f.problems {
                    println!("    {p}");
                }
            }
            println!(
                "{} rules valid; {} test cases: {} passed, {} failed",
                check.rules,
                cases,
                cases - failures.len(),
                failures.len()
            );
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}

#[derive(clap::Args)]
struct ReportArgs {
    /// The scan to report on.
    #[arg(long)]
    scan: i64,
    /// An earlier scan to measure progress from (before/after, HRI improvement).
    #[arg(long)]
    baseline: Option<i64>,
    /// Write the PDF report here.
    #[arg(long)]
    pdf: PathBuf,
    /// Also export the findings as CSV (one row per finding; Jira / ServiceNow columns).
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Also export an XLSX workbook (Summary, Findings, SOW line items).
    #[arg(long)]
    xlsx: Option<PathBuf>,
    /// Also write the scan as JSON (same document as `atoll scan --json`).
    #[arg(long)]
    json: Option<PathBuf>,
    /// Partner name on the cover, headers and footers.
    #[arg(long, env = "ATOLL_PARTNER")]
    partner: Option<String>,
    /// The partner's logo (PNG) on the cover and in every header [default: the stored one]
    #[arg(long, env = "ATOLL_LOGO")]
    logo: Option<PathBuf>,
    /// The report's accent colour, #RRGGBB [default: the stored one, else #0B6E99]
    #[arg(long, env = "ATOLL_ACCENT")]
    accent: Option<String>,
    /// Who ran the review [default: the stored reviewer]
    #[arg(long)]
    reviewer: Option<String>,
    /// The SOW or engagement reference on the cover and footers [default: the customer's]
    #[arg(long)]
    sow_ref: Option<String>,
    /// Share of baseline HRIs to resolve for the programme credit [default: the stored threshold, else 25]
    #[arg(long)]
    threshold_pct: Option<f64>,
    /// Questions the review must answer for the credit [default: the stored minimum, else 20]
    #[arg(long)]
    min_questions: Option<usize>,
    /// A rule catalogue directory for the WAF reference [default: the built-in catalogue]
    #[arg(long)]
    rules: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

async fn report(args: ReportArgs) -> Result<ExitCode> {
    use atoll_app::report::{ReportFiles, write_scan_report};
    use atoll_app::settings::ReportOverrides;
    let store = open_store(&args.db).await?;
    let rules = atoll_app::load_rules(args.rules.as_deref()).await?;
    let logo_png = match &args.logo {
        Some(path) => {
            Some(std::fs::read(path).with_context(|| format!("reading {}", path.display()))?)
        }
        None => None,
    };
    let overrides = ReportOverrides {
        partner_name: args.partner,
        logo_png,
        accent: args.accent,
        reviewer: args.reviewer,
        sow_ref: args.sow_ref,
        threshold_pct: args.threshold_pct,
        min_questions: args.min_questions,
    };
    let files = ReportFiles {
        pdf: Some(args.pdf.clone()),
        csv: args.csv,
        xlsx: args.xlsx,
        json: args.json,
    };
    let model = write_scan_report(
        &store,
        &rules,
        args.scan,
        args.baseline,
        overrides,
        &files,
        chrono::Utc::now(),
    )
    .await?;
    println!(
        "report of scan {} written to {}: score {}, {} findings, {} HRIs{}; SOW {} line items, {} hours",
        args.scan,
        args.pdf.display(),
        model.executive.score,
        model.executive.findings,
        model.executive.high_risk_questions,
        match model.hri.pct_resolved {
            Some(p) => format!(", {p:.1} % of baseline HRIs resolved"),
            None => String::new(),
        },
        model.sow.items.len(),
        model.sow.total_hours
    );
    Ok(ExitCode::SUCCESS)
}

/// Scan progress on stderr: a bar on a terminal, one line per task otherwise
/// (CI logs).
struct ScanProgress {
    bar: Option<ProgressBar>,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl ScanProgress {
    fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        });
        ScanProgress {
            bar,
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    }

    fn show(&self, event: ScanEvent) {
        match event {
            // An organization review plans each account's tasks as it starts it.
            ScanEvent::Planned { scan_tasks: tasks } => {
                self.total.fetch_add(tasks, Ordering::Relaxed);
                if let Some(bar) = &self.bar {
                    bar.inc_length(tasks as u64);
                }
            }
            ScanEvent::Account {
                account_id,
                name,
                state,
                detail,
            } => {
                let line = match (state, detail) {
                    (atoll_app::AccountState::Started, _) => {
                        format!("account {account_id} ({name}): scanning")
                    }
                    (atoll_app::AccountState::Completed, _) => {
                        format!("account {account_id} ({name}): done")
                    }
                    (_, detail) => format!(
                        "account {account_id} ({name}): {}",
                        detail.unwrap_or_else(|| "not assessed".into())
                    ),
                };
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
            ScanEvent::Collected {
                service,
                region,
                status,
                resources,
            } => {
                let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
                let line = format!("{region} {service}: {status} ({resources} resources)");
                match &self.bar {
                    Some(bar) => {
                        bar.inc(1);
                        bar.set_message(line);
                    }
                    None => eprintln!("[{done}/{}] {line}", self.total.load(Ordering::Relaxed)),
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
