//! The use cases behind the desktop app's commands, on a real SQLite file
//! with the bundled demo customer evaluated by the built-in catalogue: what
//! the app shows is what these return (the commands only forward them).

use atoll_app::customers::{
    CustomerError, offer_demo_customer, save_customer, scan_request, validate_customer,
};
use atoll_app::settings::{
    CreditThreshold, ReportBranding, credit_threshold, report_branding, report_settings_for_scan,
    set_credit_threshold, set_report_branding,
};
use atoll_app::suppressions::{SuppressionRequest, customer_suppressions, suppress_finding};
use atoll_app::{compare_scans, scan_findings, scan_overview, scan_report};
use atoll_core::{Pillar, Risk};
use atoll_store::{AccessKind, CustomerDraft, Store};
use chrono::{Duration, Utc};

async fn desk() -> (tempfile::TempDir, Store, atoll_store::Customer) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("atoll.db")).await.unwrap();
    let rules = atoll_app::builtin_rules().await.unwrap();
    let demo = offer_demo_customer(&store, &rules, Utc::now())
        .await
        .unwrap()
        .expect("an empty store is offered the demo customer");
    (dir, store, demo)
}

/// The dashboard's summary (counted in SQL) and the explorer's rows (the
/// failing results only) say what the CLI's full read of the scan says.
async fn assert_app_views_match_cli(store: &Store, scan: i64, now: chrono::DateTime<Utc>) {
    let cli = scan_report(store, scan, now).await.unwrap();
    let overview = scan_overview(store, scan, now).await.unwrap();
    assert_eq!(overview.summary, cli.summary);
    let rows = decode(&scan_findings(store, scan, now).await.unwrap());
    let cli: Vec<_> = cli
        .findings
        .iter()
        .map(|f| Row {
            rule_id: f.rule_id.clone(),
            region: f.region.clone(),
            resource_type: f.resource_type.clone(),
            resource_id: f.resource_id.clone(),
            suppressed: f.suppressed,
        })
        .collect();
    assert_eq!(rows, cli);
}

/// One finding of the explorer's columns, decoded as the UI does.
#[derive(Debug, PartialEq)]
struct Row {
    rule_id: String,
    region: String,
    resource_type: String,
    resource_id: String,
    suppressed: bool,
}

fn decode(data: &atoll_app::ScanFindings) -> Vec<Row> {
    let f = &data.findings;
    (0..f.len())
        .map(|i| Row {
            rule_id: data.rules[f.rule[i] as usize].id.clone(),
            region: data.regions[f.region[i] as usize].clone(),
            resource_type: data.resource_types[f.resource_type[i] as usize].clone(),
            resource_id: f.resource_id[i].clone(),
            suppressed: f.suppressed[i],
        })
        .collect()
}

async fn demo_scans(store: &Store, name: &str) -> (i64, i64) {
    let scans = store.scans(Some(name)).await.unwrap();
    (scans[1].id, scans[0].id)
}

#[tokio::test]
async fn the_demo_is_offered_once_and_never_scanned_or_edited() {
    let (_dir, store, demo) = desk().await;
    assert_eq!(demo.profile.access, AccessKind::Demo);
    assert_eq!(demo.scans, 2);
    let rules = atoll_app::builtin_rules().await.unwrap();
    assert!(
        offer_demo_customer(&store, &rules, Utc::now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        scan_request(&demo),
        Err(CustomerError::DemoNotScannable)
    ));
    let mut edit = demo.profile.clone();
    edit.name = "Renamed".into();
    assert!(matches!(
        save_customer(&store, Some(demo.id), &edit).await,
        Err(CustomerError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_customer_is_saved_only_when_valid_and_becomes_a_scan_request() {
    let (_dir, store, _) = desk().await;
    let mut draft = CustomerDraft {
        name: "Acme".into(),
        access: AccessKind::Role,
        profile: Some("partner".into()),
        role_arn: Some("not-an-arn".into()),
        external_id: Some("sow-42".into()),
        regions: vec!["eu-west-1".into()],
        ..Default::default()
    };
    match save_customer(&store, None, &draft).await {
        Err(CustomerError::Invalid(fields)) => {
            assert_eq!(fields, validate_customer(&draft));
            assert_eq!(fields[0].field, "role_arn");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    draft.role_arn = Some(" arn:aws:iam::111122223333:role/Review ".into());
    let saved = save_customer(&store, None, &draft).await.unwrap();
    let request = scan_request(&saved).unwrap();
    assert_eq!(
        request.target.role_arn.as_deref(),
        Some("arn:aws:iam::111122223333:role/Review")
    );
    assert_eq!(request.target.profile.as_deref(), Some("partner"));
    assert_eq!(request.regions, ["eu-west-1"]);
    assert_eq!(request.customer.as_deref(), Some("Acme"));
}

#[tokio::test]
async fn an_accepted_risk_leaves_the_score_until_it_expires() {
    let (_dir, store, demo) = desk().await;
    let (_, after) = demo_scans(&store, &demo.profile.name).await;
    let now = Utc::now();
    let before = scan_overview(&store, after, now).await.unwrap();
    assert_app_views_match_cli(&store, after, now).await;
    let rows = scan_findings(&store, after, now).await.unwrap();
    assert_eq!(
        rows.findings.len(),
        before.summary.findings + before.summary.suppressed
    );
    let high_rules: Vec<&str> = rows
        .rules
        .iter()
        .filter(|r| r.risk == Risk::High)
        .map(|r| r.id.as_str())
        .collect();
    let rows = decode(&rows);
    let target = rows
        .iter()
        .find(|f| high_rules.contains(&f.rule_id.as_str()))
        .expect("the demo's later scan keeps a high-risk finding");

    let request = SuppressionRequest {
        scan_id: after,
        rule_id: target.rule_id.clone(),
        resource_type: target.resource_type.clone(),
        region: target.region.clone(),
        resource_id: target.resource_id.clone(),
        reason: "Decommissioned at month end".into(),
        author: "Ana".into(),
        expires: Some((now + Duration::days(7)).format("%Y-%m-%d").to_string()),
    };
    suppress_finding(&store, &request, now).await.unwrap();

    let accepted = scan_overview(&store, after, now).await.unwrap();
    assert_app_views_match_cli(&store, after, now).await;
    assert_eq!(accepted.summary.suppressed, before.summary.suppressed + 1);
    assert_eq!(accepted.summary.findings, before.summary.findings - 1);
    assert!(accepted.summary.score >= before.summary.score);
    let listed = scan_findings(&store, after, now).await.unwrap();
    assert!(
        decode(&listed)
            .iter()
            .any(|f| f.resource_id == target.resource_id && f.suppressed),
        "an accepted finding stays listed, flagged"
    );

    // Eight days later the acceptance has expired: the finding counts again.
    let later = now + Duration::days(8);
    let expired = scan_overview(&store, after, later).await.unwrap();
    assert_app_views_match_cli(&store, after, later).await;
    assert_eq!(expired.summary.suppressed, before.summary.suppressed);
    let list = customer_suppressions(&store, demo.id, later).await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(!list[0].active);

    let mut no_reason = request.clone();
    no_reason.reason = " ".into();
    assert!(suppress_finding(&store, &no_reason, now).await.is_err());
    let mut past = request;
    past.expires = Some("2020-01-01".into());
    assert!(suppress_finding(&store, &past, now).await.is_err());
}

#[tokio::test]
async fn compare_shows_the_diff_and_hri_progress_against_the_threshold() {
    let (_dir, store, demo) = desk().await;
    let (baseline, later) = demo_scans(&store, &demo.profile.name).await;
    assert_eq!(
        credit_threshold(&store).await.unwrap(),
        CreditThreshold::default()
    );
    let strict = CreditThreshold {
        percentage: 90.0,
        min_questions: 20,
    };
    set_credit_threshold(&store, strict).await.unwrap();
    assert!(
        set_credit_threshold(
            &store,
            CreditThreshold {
                percentage: 0.0,
                min_questions: 20
            }
        )
        .await
        .is_err()
    );

    let rules = atoll_app::builtin_rules().await.unwrap();
    let now = Utc::now();
    let comparison = compare_scans(&store, &rules, baseline, later, now)
        .await
        .unwrap();
    assert_eq!(comparison.threshold, strict, "the stored threshold applies");
    let hri = &comparison.hri;
    assert_eq!(
        hri.baseline_count,
        comparison.baseline.summary.high_risk_questions.len()
    );
    // One percentage, computed once: the compare view and the report agree.
    assert_eq!(hri.pct_resolved, comparison.diff.hri.improvement_pct);
    assert!(hri.pct_resolved.is_some());
    // The demo resolves ~73 % of its HRIs: short of a 90 % threshold.
    assert!(!hri.eligible);
    let loose = CreditThreshold {
        percentage: 50.0,
        min_questions: 20,
    };
    set_credit_threshold(&store, loose).await.unwrap();
    let comparison = compare_scans(&store, &rules, baseline, later, now)
        .await
        .unwrap();
    assert!(comparison.hri.eligible, "{:?}", comparison.hri.what_is_left);
    assert!(!comparison.diff.resolved.is_empty() && !comparison.diff.new.is_empty());
    let pillar_total: usize = Pillar::ALL
        .iter()
        .map(|p| {
            comparison
                .baseline
                .summary
                .by_pillar
                .get(p)
                .copied()
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(pillar_total, comparison.baseline.summary.findings);
}

/// The partner's branding reaches the exported report: name, reviewer,
/// accent and logo from Settings, the SOW reference from the customer.
/// Bad values are refused field by field and change nothing.
#[tokio::test]
async fn the_exported_report_carries_the_partner_branding_and_the_customer_sow() {
    use base64::Engine;
    let (dir, store, demo) = desk().await;
    let (before, after) = demo_scans(&store, &demo.profile.name).await;
    assert_eq!(
        report_branding(&store).await.unwrap(),
        ReportBranding::default()
    );

    let bad = ReportBranding {
        partner_name: " ".into(),
        reviewer: String::new(),
        accent: "#12".into(),
        logo_png_base64: Some(base64::engine::general_purpose::STANDARD.encode("<svg/>")),
    };
    let Err(atoll_app::settings::SettingsError::Invalid(errors)) =
        set_report_branding(&store, &bad).await
    else {
        panic!("a bad branding is refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["partner_name", "accent", "logo"]);
    assert_eq!(
        report_branding(&store).await.unwrap(),
        ReportBranding::default()
    );

    let logo = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../icons/128x128.png"
    ))
    .unwrap();
    let branding = ReportBranding {
        partner_name: "  Cloudreach Recife  ".into(),
        reviewer: "Ana Gonçalves".into(),
        accent: "#7A1F5C".into(),
        logo_png_base64: Some(base64::engine::general_purpose::STANDARD.encode(&logo)),
    };
    set_report_branding(&store, &branding).await.unwrap();
    let settings = report_settings_for_scan(&store, after).await.unwrap();
    assert_eq!(settings.partner_name, "Cloudreach Recife");
    assert_eq!(settings.reviewer.as_deref(), Some("Ana Gonçalves"));
    assert_eq!(settings.accent, "#7A1F5C");
    assert_eq!(settings.logo_png.as_deref(), Some(logo.as_slice()));
    assert_eq!(settings.sow_ref.as_deref(), Some("NWR-WAFR-2026-01"));

    let rules = atoll_app::builtin_rules().await.unwrap();
    let pdf = atoll_app::report::export_report(
        &store,
        &rules,
        after,
        Some(before),
        dir.path(),
        Utc::now(),
    )
    .await
    .unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "Prepared by Cloudreach Recife",
        "Ana Gonçalves",
        "NWR-WAFR-2026-01",
    ] {
        assert!(text.contains(expected), "the report shows {expected:?}");
    }
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&images.stdout).lines().count() > 2,
        "the logo is drawn"
    );
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&text.stdout).into_owned()
}

/// The CLI's report flags override the stored settings one by one; what no
/// flag names keeps its stored value.
#[tokio::test]
async fn report_flags_override_the_stored_settings_and_keep_the_rest() {
    use atoll_app::report::{ReportFiles, write_scan_report};
    use atoll_app::settings::ReportOverrides;
    let (dir, store, demo) = desk().await;
    let (before, after) = demo_scans(&store, &demo.profile.name).await;
    set_report_branding(
        &store,
        &ReportBranding {
            partner_name: "Stored Partner".into(),
            reviewer: "Stored Reviewer".into(),
            ..ReportBranding::default()
        },
    )
    .await
    .unwrap();
    set_credit_threshold(
        &store,
        CreditThreshold {
            percentage: 90.0,
            min_questions: 20,
        },
    )
    .await
    .unwrap();
    let rules = atoll_app::builtin_rules().await.unwrap();
    let path = dir.path().join("report.pdf");
    let files = ReportFiles {
        pdf: Some(path.clone()),
        ..ReportFiles::default()
    };
    let stored = write_scan_report(
        &store,
        &rules,
        after,
        Some(before),
        ReportOverrides::default(),
        &files,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(stored.hri.threshold_pct, 90.0);
    assert!(!stored.hri.eligible, "the demo resolves ~73 % of its HRIs");
    assert!(pdf_text(&path).contains("Prepared by Stored Partner"));

    let overridden = write_scan_report(
        &store,
        &rules,
        after,
        Some(before),
        ReportOverrides {
            partner_name: Some("Flag Partner".into()),
            threshold_pct: Some(50.0),
            ..ReportOverrides::default()
        },
        &files,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(overridden.hri.threshold_pct, 50.0);
    assert!(overridden.hri.eligible);
    let text = pdf_text(&path);
    assert!(text.contains("Prepared by Flag Partner"));
    assert!(
        text.contains("Stored Reviewer"),
        "the reviewer is still the stored one"
    );
    assert!(
        text.contains("NWR-WAFR-2026-01"),
        "the customer's SOW reference"
    );
}

/// The baseline a report of a scan is compared against by default: the
/// customer's previous completed scan; none for the first.
#[tokio::test]
async fn the_default_baseline_is_the_customers_previous_completed_scan() {
    let (_dir, store, demo) = desk().await;
    let (before, after) = demo_scans(&store, &demo.profile.name).await;
    assert_eq!(
        atoll_app::report::default_baseline(&store, after)
            .await
            .unwrap(),
        Some(before)
    );
    assert_eq!(
        atoll_app::report::default_baseline(&store, before)
            .await
            .unwrap(),
        None
    );
}
