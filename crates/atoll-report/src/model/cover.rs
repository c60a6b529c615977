//! The cover: who the report is for and by, what was scanned, what could
//! not be read.

use std::collections::BTreeSet;

use atoll_core::CoverageStatus;

use super::{BaselineRef, Cover, CoverageGap};
use crate::ReportInput;

pub(super) fn build(input: &ReportInput) -> Cover {
    let scan = &input.current.scan;
    let settings = &input.settings;
    Cover {
        partner: settings.partner_name.clone(),
        customer: scan
            .customer
            .clone()
            .unwrap_or_else(|| "(no customer recorded)".to_string()),
        // A review across an organization covers its member accounts.
        account_ids: if input.current.accounts.is_empty() {
            scan.account_id.iter().cloned().collect()
        } else {
            input
                .current
                .accounts
                .iter()
                .map(|a| a.account_id.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        },
        regions: scan.regions.clone(),
        date: input.generated_at.format("%Y-%m-%d").to_string(),
        scan_id: scan.id,
        scan_started_at: scan.started_at.clone(),
        scan_finished_at: scan.finished_at.clone(),
        baseline: input.baseline.as_ref().map(|b| BaselineRef {
            scan_id: b.scan.id,
            started_at: b.scan.started_at.clone(),
        }),
        reviewer: settings.reviewer.clone().unwrap_or_else(|| "-".to_string()),
        sow_ref: settings.sow_ref.clone().unwrap_or_else(|| "-".to_string()),
        rules_version: scan.rules_version.clone(),
        rules_total: input.rules.len(),
        services_assessed: scan
            .coverage
            .iter()
            .filter(|c| c.status.is_assessable())
            .map(|c| c.service.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        coverage_gaps: scan
            .coverage
            .iter()
            .filter(|c| c.status != CoverageStatus::Ok)
            .map(|c| CoverageGap {
                service: c.service.clone(),
                resource_type: c.resource_type.clone(),
                region: c.region.clone(),
                status: c.status.to_string(),
                message: c.message.clone().unwrap_or_default(),
            })
            .collect(),
        workload_scope: (!scan.scope.is_whole_account()).then(|| scan.scope.describe()),
    }
}
