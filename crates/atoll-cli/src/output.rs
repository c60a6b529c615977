//! What the CLI prints: human summaries on stdout, JSON files on request.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use atoll_app::ScanReport;
use atoll_core::diff::ScanDiff;
use atoll_core::scan::ScanRecord;
use atoll_core::{CoverageStatus, RuleSet};
use serde::Serialize;

pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// How many distinct risks to list under "top risks".
const TOP_RISKS: usize = 10;

/// An organization review's accounts, riskiest first.
fn print_accounts(report: &ScanReport) {
    if report.accounts.is_empty() {
        return;
    }
    println!("\nAccounts ({}), riskiest first:", report.accounts.len());
    for a in &report.accounts {
        let place = if a.ou_path.is_empty() {
            String::new()
        } else {
            format!(" [{}]", a.ou_path)
        };
        match (a.score, &a.not_assessed) {
            (Some(score), _) => println!(
                "  {} {}{place}: score {score}/100, {} findings ({} high), scan {}",
                a.account_id, a.name, a.findings, a.high, a.scan_id
            ),
            (None, why) => println!(
                "  {} {}{place}: NOT ASSESSED — {}",
                a.account_id,
                a.name,
                why.as_deref().unwrap_or("no result")
            ),
        }
    }
}

pub fn print_summary(report: &ScanReport) {
    let scan = &report.scan;
    let s = &report.summary;
    println!(
        "Scan {} of account {} ({}) — {} API calls, rules {}",
        scan.id,
        scan.account_id.as_deref().unwrap_or("?"),
        scan.regions.join(", "),
        scan.api_calls,
        scan.rules_version
    );
    if !scan.scope.is_whole_account() {
        println!("Scope: {}", scan.scope.describe());
    }
    println!("\nHealth score: {}/100", s.score);
    println!("  {}", s.score_formula);
    print_accounts(report);
    println!(
        "\nFindings: {} ({} suppressed) — rules: {} failed, {} passed, {} not assessed, {} not applicable",
        s.findings,
        s.suppressed,
        s.rules.failed,
        s.rules.passed,
        s.rules.not_assessed,
        s.rules.not_applicable
    );
    let line = |items: Vec<(String, usize)>| {
        items
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "  by risk:   {}",
        line(s.by_risk.iter().map(|(k, v)| (k.to_string(), *v)).collect())
    );
    println!(
        "  by pillar: {}",
        line(
            s.by_pillar
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect()
        )
    );
    println!(
        "  by region: {}",
        line(s.by_region.iter().map(|(k, v)| (k.clone(), *v)).collect())
    );
    println!(
        "  WA questions at high risk (HRI): {}",
        if s.high_risk_questions.is_empty() {
            "none".to_string()
        } else {
            s.high_risk_questions.join(", ")
        }
    );
    println!(
        "  WA questions at medium risk: {}",
        if s.medium_risk_questions.is_empty() {
            "none".to_string()
        } else {
            s.medium_risk_questions.join(", ")
        }
    );

    let mut by_rule: BTreeMap<(atoll_core::Risk, &str), (usize, &str, &str)> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| !f.suppressed) {
        let entry = by_rule.entry((f.risk, f.rule_id.as_str())).or_insert((
            0,
            f.title.as_str(),
            f.question.as_str(),
        ));
        entry.0 += 1;
    }
    if !by_rule.is_empty() {
        println!("\nTop risks:");
        for ((risk, rule_id), (count, title, question)) in by_rule.iter().take(TOP_RISKS) {
            println!("  [{risk:<6}] {title} — {count} resource(s) ({question}, {rule_id})");
        }
    }

    let gaps: Vec<_> = scan
        .coverage
        .iter()
        .filter(|c| c.status != CoverageStatus::Ok)
        .collect();
    if !gaps.is_empty() {
        println!("\nNot assessed (data could not be collected):");
        for c in gaps {
            println!(
                "  {} {} in {}: {}{}",
                c.service,
                c.resource_type,
                c.region,
                c.status,
                c.message
                    .as_deref()
                    .map(|m| format!(" — {m}"))
                    .unwrap_or_default()
            );
        }
    }
}

pub fn print_diff(from: i64, to: i64, diff: &ScanDiff) {
    println!("Scan {from} -> scan {to}");
    println!(
        "  new: {}, resolved: {}, persisting: {}",
        diff.new.len(),
        diff.resolved.len(),
        diff.persisting.len()
    );
    if !diff.not_reassessed.is_empty() {
        println!(
            "  not re-assessed: {} (the later scan could not look at them again: not counted as resolved)",
            diff.not_reassessed.len()
        );
    }
    let hri = &diff.hri;
    println!(
        "  HRIs: baseline {} ({}), now {} ({}), resolved {}{}",
        hri.baseline_hris.len(),
        hri.baseline_hris.join(", "),
        hri.current_hris.len(),
        hri.current_hris.join(", "),
        hri.resolved_hris.len(),
        hri.improvement_pct
            .map(|p| format!(" = {p:.0}% improvement"))
            .unwrap_or_default()
    );
    for (label, findings) in [("Resolved", &diff.resolved), ("New", &diff.new)] {
        if !findings.is_empty() {
            println!("\n{label}:");
            for f in findings {
                println!(
                    "  [{}] {} — {} {} ({})",
                    f.risk, f.title, f.region, f.resource_id, f.rule_id
                );
            }
        }
    }
}

pub fn print_scans(scans: &[ScanRecord]) {
    println!(
        "{:>5}  {:<20} {:<14} {:<12} {:<22} regions",
        "id", "customer", "account", "status", "started"
    );
    for s in scans {
        println!(
            "{:>5}  {:<20} {:<14} {:<12} {:<22} {}",
            s.id,
            s.customer.as_deref().unwrap_or("-"),
            s.account_id.as_deref().unwrap_or("-"),
            s.status,
            s.started_at,
            s.regions.join(",")
        );
    }
}

#[derive(Serialize)]
struct RuleListing<'a> {
    id: &'a str,
    title: &'a str,
    pillar: atoll_core::Pillar,
    question: &'a str,
    best_practices: &'a [String],
    risk: atoll_core::Risk,
    impact: atoll_core::Impact,
    domain: atoll_core::Domain,
    manual: bool,
}

pub fn print_rules(rules: &RuleSet, json: bool) -> Result<()> {
    if json {
        let listing: Vec<RuleListing> = rules
            .rules
            .iter()
            .map(|r| RuleListing {
                id: &r.info.id,
                title: &r.info.title,
                pillar: r.info.pillar,
                question: &r.info.question,
                best_practices: &r.info.best_practices,
                risk: r.info.risk,
                impact: r.info.impact,
                domain: r.info.domain,
                manual: r.info.manual,
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&listing)?);
        return Ok(());
    }
    for r in &rules.rules {
        println!(
            "{:<45} {:<6} {:<24} {:<6} {}",
            r.info.id, r.info.risk, r.info.pillar, r.info.question, r.info.title
        );
    }
    println!("{} rules, catalogue {}", rules.rules.len(), rules.version);
    Ok(())
}
