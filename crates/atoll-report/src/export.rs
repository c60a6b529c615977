//! Exports of a scan: CSV (one row per finding, columns a Jira or ServiceNow
//! import maps directly), XLSX (Summary, Findings, SOW line items) and JSON
//! (the CLI contract: the scan report as `atoll scan --json` writes it).

use std::collections::BTreeMap;

use atoll_core::score::{Finding, RuleInfo};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use crate::model::{ReportModel, fmt_num, priority, risk_label};
use crate::{ReportError, ScanReport};

/// The CSV / Findings-sheet columns, in order.
pub const FINDING_COLUMNS: [&str; 16] = [
    "summary",
    "description",
    "priority",
    "rule_id",
    "pillar",
    "question",
    "best_practices",
    "region",
    "resource_type",
    "resource_id",
    "arn",
    "detail",
    "remediation",
    "effort_hours",
    "suppressed",
    // Last, so that imports mapped by position before reviews keep working;
    // empty for a single-account scan's findings.
    "account_id",
];

/// One export row per finding, as strings in `FINDING_COLUMNS` order.
pub fn finding_row(f: &Finding, rule: Option<&RuleInfo>) -> [String; 16] {
    let description = match rule {
        Some(r) => format!(
            "{}\n\nFinding: {}",
            r.description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            f.detail
        ),
        None => f.detail.clone(),
    };
    let remediation = rule
        .map(|r| {
            let mut steps: Vec<String> = r
                .remediation
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {s}", i + 1))
                .collect();
            if let Some(cli) = &r.remediation_cli {
                steps.push(format!("CLI: {cli}"));
            }
            steps.join("\n")
        })
        .unwrap_or_default();
    [
        format!("[{}] {}: {}", priority(f.risk), f.title, f.resource_id),
        description,
        risk_label(f.risk).to_string(),
        f.rule_id.clone(),
        f.pillar.to_string(),
        f.question.clone(),
        f.best_practices.join(", "),
        f.region.clone(),
        f.resource_type.clone(),
        f.resource_id.clone(),
        f.arn.clone().unwrap_or_default(),
        f.detail.clone(),
        remediation,
        rule.map(|r| fmt_num(r.effort_hours)).unwrap_or_default(),
        f.suppressed.to_string(),
        f.account_id.clone().unwrap_or_default(),
    ]
}

/// The findings as CSV (UTF-8, header row, RFC 4180 quoting).
pub fn csv_bytes(findings: &[Finding], rules: &[RuleInfo]) -> Result<Vec<u8>, ReportError> {
    let by_id: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(FINDING_COLUMNS)?;
    for f in findings {
        let row = finding_row(f, by_id.get(f.rule_id.as_str()).copied());
        out.write_record(row.iter().map(|cell| inert_cell(cell).into_owned()))?;
    }
    out.into_inner()
        .map_err(|e| ReportError::Csv(csv::Error::from(e.into_error())))
}

/// A CSV cell a spreadsheet will not run: a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is read as a formula by Excel, Sheets
/// and LibreOffice, and resource names, tags and details come from the
/// customer's account, so the cell gets a leading `'` (OWASP's CSV injection
/// advice). The XLSX needs no such guard: its cells are typed as strings.
pub fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The CLI contract's JSON document of the scan.
pub fn json_bytes(scan: &ScanReport) -> Result<Vec<u8>, ReportError> {
    let mut bytes = serde_json::to_vec_pretty(scan)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The workbook: Summary, Findings, SOW line items.
pub fn xlsx_bytes(
    model: &ReportModel,
    findings: &[Finding],
    rules: &[RuleInfo],
) -> Result<Vec<u8>, ReportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xDDE6EE));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    let sheet = book.add_worksheet().set_name("Summary")?;
    summary_sheet(sheet, model, &bold)?;

    let sheet = book.add_worksheet().set_name("Findings")?;
    let by_id: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    for (c, name) in FINDING_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
    }
    for (i, f) in findings.iter().enumerate() {
        let row = finding_row(f, by_id.get(f.rule_id.as_str()).copied());
        let r = i as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            if let (13, Some(rule)) = (c, by_id.get(f.rule_id.as_str())) {
                sheet.write_number(r, c as u16, rule.effort_hours)?;
                continue;
            }
            sheet.write_string(r, c as u16, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        findings.len() as u32,
        FINDING_COLUMNS.len() as u16 - 1,
    )?;
    for (c, width) in [50, 60, 8, 30, 22, 9, 24, 14, 28, 30, 40, 40, 60, 12, 10]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *width)?;
    }

    let sheet = book.add_worksheet().set_name("SOW line items")?;
    let cols = [
        "line",
        "priority",
        "pillar",
        "question",
        "rule_id",
        "title",
        "best_practices",
        "resources",
        "hours_per_resource",
        "effort_hours",
        "capped",
        "scope",
    ];
    for (c, name) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
    }
    let mut r = 1u32;
    for item in &model.sow.items {
        sheet.write_number(r, 0, item.line as f64)?;
        sheet.write_string(r, 1, &item.priority)?;
        sheet.write_string(r, 2, item.pillar.title())?;
        sheet.write_string(r, 3, &item.question)?;
        sheet.write_string(r, 4, &item.rule_id)?;
        sheet.write_string_with_format(r, 5, &item.title, &wrap)?;
        sheet.write_string(r, 6, item.best_practices.join(", "))?;
        sheet.write_number(r, 7, item.resources as f64)?;
        sheet.write_number(r, 8, item.hours_per_resource)?;
        sheet.write_number(r, 9, item.effort_hours)?;
        sheet.write_string(r, 10, if item.capped { "yes" } else { "no" })?;
        sheet.write_string_with_format(r, 11, &item.scope, &wrap)?;
        r += 1;
    }
    r += 1;
    for sub in &model.sow.subtotals {
        sheet.write_string_with_format(r, 2, format!("Subtotal {}", sub.label), &bold)?;
        sheet.write_number(r, 7, sub.resources as f64)?;
        sheet.write_number_with_format(r, 9, sub.hours, &bold)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 2, "Total", &bold)?;
    sheet.write_number_with_format(r, 9, model.sow.total_hours, &bold)?;
    r += 2;
    sheet.write_string(r, 0, &model.sow.effort_rule)?;
    for (c, width) in [6, 8, 22, 9, 30, 50, 24, 10, 10, 10, 8, 70]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    Ok(book.save_to_buffer()?)
}

fn summary_sheet(
    sheet: &mut Worksheet,
    model: &ReportModel,
    bold: &Format,
) -> Result<(), ReportError> {
    let c = &model.cover;
    let e = &model.executive;
    let h = &model.hri;
    let mut rows: Vec<(String, String)> = vec![
        ("Partner".into(), c.partner.clone()),
        ("Customer".into(), c.customer.clone()),
        ("Account ids".into(), c.account_ids.join(", ")),
        ("Regions".into(), c.regions.join(", ")),
        ("Report date".into(), c.date.clone()),
        (
            "Scan".into(),
            format!("{} ({})", c.scan_id, c.scan_started_at),
        ),
        (
            "Baseline scan".into(),
            c.baseline
                .as_ref()
                .map(|b| format!("{} ({})", b.scan_id, b.started_at))
                .unwrap_or_else(|| "-".into()),
        ),
        ("Reviewer".into(), c.reviewer.clone()),
        ("SOW reference".into(), c.sow_ref.clone()),
        ("Rules version".into(), c.rules_version.clone()),
        ("Health score".into(), e.score.to_string()),
        ("Score formula".into(), e.score_formula.clone()),
        ("Findings (unsuppressed)".into(), e.findings.to_string()),
        (
            "Suppressed (accepted risks)".into(),
            e.suppressed.to_string(),
        ),
    ];
    for count in &e.by_risk {
        rows.push((
            format!("{} risk findings", count.label),
            count.value.to_string(),
        ));
    }
    rows.push((
        "High-risk questions (HRIs)".into(),
        e.high_risk_questions.to_string(),
    ));
    rows.push((
        "Medium-risk questions".into(),
        e.medium_risk_questions.to_string(),
    ));
    rows.push(("Baseline HRIs".into(), h.baseline_count.to_string()));
    rows.push(("HRIs resolved".into(), h.resolved_count.to_string()));
    rows.push(("HRIs remaining".into(), h.remaining_count.to_string()));
    rows.push((
        "HRIs resolved %".into(),
        h.pct_resolved
            .map(|p| format!("{p:.1}"))
            .unwrap_or_else(|| "-".into()),
    ));
    rows.push(("Threshold %".into(), fmt_num(h.threshold_pct)));
    rows.push(("Minimum questions".into(), h.min_questions.to_string()));
    rows.push((
        "Questions answered".into(),
        h.questions_answered.to_string(),
    ));
    rows.push((
        "Eligible for programme credit".into(),
        if h.eligible { "yes" } else { "no" }.into(),
    ));
    rows.push((
        "SOW total effort hours".into(),
        fmt_num(model.sow.total_hours),
    ));
    for (i, (k, v)) in rows.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, k, bold)?;
        sheet.write_string(i as u32, 1, v)?;
    }
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 90)?;
    Ok(())
}
