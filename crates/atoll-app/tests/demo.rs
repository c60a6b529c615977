//! The bundled demo customer on a real SQLite file: two scans of a realistic
//! estate, evaluated by the built-in rule catalogue.

use atoll_app::demo::{DEMO_CUSTOMER, DemoScans, ensure_demo_customer};
use atoll_app::{ScanReport, diff_scans, scan_report};
use atoll_core::scan::ScanStatus;
use atoll_core::{CoverageStatus, GLOBAL_REGION, Pillar, Risk};
use atoll_store::{Store, timestamp};
use chrono::{DateTime, Duration, Utc};

const ACCOUNT: &str = "123456789012";
const REGIONS: [&str; 2] = ["eu-west-1", "us-east-1"];

struct Demo {
    _dir: tempfile::TempDir,
    store: Store,
    scans: DemoScans,
    now: DateTime<Utc>,
}

impl Demo {
    async fn load(now: DateTime<Utc>) -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("atoll.db")).await.unwrap();
        let rules = atoll_app::builtin_rules().await.unwrap();
        let scans = ensure_demo_customer(&store, &rules, now).await.unwrap();
        Demo {
            _dir: dir,
            store,
            scans,
            now,
        }
    }

    async fn report(&self, scan_id: i64) -> ScanReport {
        scan_report(&self.store, scan_id, self.now).await.unwrap()
    }
}

#[tokio::test]
async fn the_baseline_has_findings_in_every_pillar_in_both_regions_and_global() {
    let demo = Demo::load(Utc::now()).await;
    let before = demo.report(demo.scans.before).await;

    assert_eq!(before.scan.customer.as_deref(), Some(DEMO_CUSTOMER));
    assert_eq!(before.scan.status, ScanStatus::Completed);
    assert_eq!(before.scan.account_id.as_deref(), Some(ACCOUNT));
    assert_eq!(before.scan.regions, REGIONS);
    assert_eq!(
        before.scan.started_at,
        timestamp(demo.now - Duration::days(30))
    );

    let resources = demo.store.inventory(demo.scans.before).await.unwrap();
    assert!(
        (250..=450).contains(&resources.len()),
        "{} resources",
        resources.len()
    );
    for pillar in Pillar::ALL {
        assert!(
            before.summary.by_pillar.get(pillar).copied().unwrap_or(0) > 0,
            "no finding in {pillar}: {:?}",
            before.summary.by_pillar
        );
    }
    for region in REGIONS.into_iter().chain([GLOBAL_REGION]) {
        assert!(
            before.summary.by_region.get(region).copied().unwrap_or(0) > 0,
            "no finding in {region}: {:?}",
            before.summary.by_region
        );
    }
    assert!(
        before.summary.high_risk_questions.len() >= 8,
        "HRIs: {:?}",
        before.summary.high_risk_questions
    );
    // A mix of good and bad configuration: some rules pass everywhere.
    assert!(
        before.summary.rules.passed >= 15,
        "rules: {:?}",
        before.summary.rules
    );
    assert!(
        before.summary.score > 20 && before.summary.score < 90,
        "score {}",
        before.summary.score
    );
}

#[tokio::test]
async fn the_baseline_coverage_gap_leaves_rules_not_assessed_there_and_nowhere_else() {
    let demo = Demo::load(Utc::now()).await;
    let before = demo.report(demo.scans.before).await;
    let after = demo.report(demo.scans.after).await;

    let gaps: Vec<_> = before
        .scan
        .coverage
        .iter()
        .filter(|c| c.status != CoverageStatus::Ok)
        .collect();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(
        (
            gaps[0].service.as_str(),
            gaps[0].resource_type.as_str(),
            gaps[0].region.as_str(),
            gaps[0].status
        ),
        (
            "rds",
            "AWS::RDS::DBInstance",
            "us-east-1",
            CoverageStatus::AccessDenied
        )
    );
    assert!(
        after
            .scan
            .coverage
            .iter()
            .all(|c| c.status == CoverageStatus::Ok)
    );

    // The collector does not record an instance's StateTransitionReason yet, so the stop time
    // of the demo's stopped instance is unknown: the two stop-age rules say so, per resource.
    let stop_time_unknown = |n: &&atoll_core::score::NotAssessed| {
        matches!(
            n.rule_id.as_str(),
            "ec2-stopped-instance" | "ebs-volume-on-stopped-instance"
        ) && n.reason.contains("stop time")
    };
    let not_assessed = &before.summary.not_assessed;
    assert!(
        not_assessed
            .iter()
            .any(|n| n.rule_id == "rds-instance-multi-az"),
        "{not_assessed:?}"
    );
    for n in not_assessed.iter().filter(|n| !stop_time_unknown(n)) {
        assert_eq!(n.region, "us-east-1", "{n:?}");
        assert!(n.reason.contains("AWS::RDS::DBInstance"), "{n:?}");
        assert!(n.reason.contains("access-denied"), "{n:?}");
    }
    assert!(
        after
            .summary
            .not_assessed
            .iter()
            .all(|n| stop_time_unknown(&n)),
        "{:?}",
        after.summary.not_assessed
    );
}

#[tokio::test]
async fn remediation_resolves_most_high_risk_issues_and_leaves_some() {
    let demo = Demo::load(Utc::now()).await;
    let before = demo.report(demo.scans.before).await;
    let after = demo.report(demo.scans.after).await;

    assert!(
        after.summary.high_risk_questions.len() < before.summary.high_risk_questions.len(),
        "HRIs before {:?}, after {:?}",
        before.summary.high_risk_questions,
        after.summary.high_risk_questions
    );
    assert!(!after.summary.high_risk_questions.is_empty());
    assert!(after.summary.score > before.summary.score);
    assert!(after.summary.findings < before.summary.findings);
    assert_eq!(
        after.scan.started_at,
        timestamp(demo.now - Duration::hours(1))
    );

    let diff = diff_scans(&demo.store, demo.scans.before, demo.scans.after, demo.now)
        .await
        .unwrap();
    let pct = diff.hri.improvement_pct.expect("the baseline has HRIs");
    assert!((50.0..=90.0).contains(&pct), "improvement {pct}%");
    assert!(!diff.new.is_empty());
    assert!(!diff.resolved.is_empty());
    assert!(!diff.persisting.is_empty());
    assert!(
        diff.new.iter().any(|f| f.risk == Risk::High),
        "a new high-risk finding appeared during the month"
    );
}

#[tokio::test]
async fn loading_the_demo_again_stores_nothing() {
    let demo = Demo::load(Utc::now()).await;
    let rules = atoll_app::builtin_rules().await.unwrap();
    let again = ensure_demo_customer(&demo.store, &rules, demo.now + Duration::days(3))
        .await
        .unwrap();
    assert_eq!(again, demo.scans);
    let scans = demo.store.scans(Some(DEMO_CUSTOMER)).await.unwrap();
    assert_eq!(scans.len(), 2);
    assert_eq!(
        demo.store.scans(None).await.unwrap().len(),
        2,
        "no scan outside the demo customer"
    );
}

/// Timestamps in the bundled data move with the scan: ages (access keys,
/// certificates, snapshots) and so the high-risk issues read the same
/// whenever the demo is loaded.
#[tokio::test]
async fn the_demo_reads_the_same_whenever_it_is_loaded() {
    let today = Demo::load(Utc::now()).await;
    let next_year = Demo::load(Utc::now() + Duration::days(400)).await;
    for (a, b) in [
        (today.scans.before, next_year.scans.before),
        (today.scans.after, next_year.scans.after),
    ] {
        let a = today.report(a).await.summary;
        let b = next_year.report(b).await.summary;
        assert_eq!(a.high_risk_questions, b.high_risk_questions);
        assert_eq!(a.by_risk.get(&Risk::High), b.by_risk.get(&Risk::High));
    }
}
