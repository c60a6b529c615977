//! The named profiles of `~/.aws/config` (and `~/.aws/credentials`), so the
//! app can offer them, and "test connection": who the credentials are.
//!
//! Only section names and the keys that say what kind of profile it is are
//! read; key values (secrets) are never kept.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::credentials::{ScanTarget, connect};
use crate::errors::AwsError;

/// What kind of credentials a profile holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ProfileKind {
    /// IAM Identity Center (`sso_session` / `sso_start_url`).
    Sso,
    /// Assumes `role_arn` from a source profile.
    Role,
    /// `credential_process`.
    Process,
    /// Access keys (in the credentials file) or nothing recognisable.
    Keys,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AwsProfile {
    pub name: String,
    pub kind: ProfileKind,
    pub region: Option<String>,
}

fn config_path() -> Option<PathBuf> {
    std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| dirs_home().map(|h| h.join(".aws").join("config")))
}

fn credentials_path() -> Option<PathBuf> {
    std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| dirs_home().map(|h| h.join(".aws").join("credentials")))
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// Sections of an AWS ini file: name -> the keys it sets (values dropped
/// except `region`, which is not a secret).
fn sections(text: &str, config_file: bool) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            // In the config file, profiles are `[profile X]` except `[default]`;
            // `[sso-session X]` and `[services X]` are not profiles.
            current = if !config_file {
                Some(header.to_string())
            } else if header == "default" {
                Some("default".into())
            } else {
                header
                    .strip_prefix("profile ")
                    .map(|name| name.trim().to_string())
            };
            if let Some(name) = &current {
                out.entry(name.clone()).or_default();
            }
            continue;
        }
        if let (Some(name), Some((key, value))) = (&current, line.split_once('=')) {
            let key = key.trim().to_string();
            let value = if key == "region" {
                value.trim().to_string()
            } else {
                String::new()
            };
            out.entry(name.clone()).or_default().insert(key, value);
        }
    }
    out
}

/// The profiles configured on this machine, by name.
pub fn list_profiles() -> Vec<AwsProfile> {
    let read = |path: Option<PathBuf>| path.and_then(|p| std::fs::read_to_string(p).ok());
    let mut all = sections(&read(config_path()).unwrap_or_default(), true);
    for (name, keys) in sections(&read(credentials_path()).unwrap_or_default(), false) {
        all.entry(name).or_default().extend(keys);
    }
    all.into_iter()
        .map(|(name, keys)| {
            let kind = if keys.contains_key("sso_session") || keys.contains_key("sso_start_url") {
                ProfileKind::Sso
            } else if keys.contains_key("role_arn") {
                ProfileKind::Role
            } else if keys.contains_key("credential_process") {
                ProfileKind::Process
            } else {
                ProfileKind::Keys
            };
            AwsProfile {
                name,
                kind,
                region: keys.get("region").cloned(),
            }
        })
        .collect()
}

/// Who the target's credentials are (STS GetCallerIdentity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallerIdentity {
    pub account_id: String,
    pub arn: String,
}

/// "Test connection": resolves the credentials and asks STS who they are.
pub async fn test_connection(target: &ScanTarget) -> Result<CallerIdentity, AwsError> {
    if let Some(profile) = &target.profile
        && !list_profiles().iter().any(|p| &p.name == profile)
    {
        return Err(AwsError {
            status: atoll_core::CoverageStatus::AccessDenied,
            message: format!(
                "profile `{profile}` is not in ~/.aws/config or ~/.aws/credentials: add it with `aws configure --profile {profile}` or `aws configure sso --profile {profile}`"
            ),
            code: None,
        });
    }
    let conn = connect(target).await?;
    let identity = crate::services::caller_identity(&conn).await?;
    let arn = identity.resource.config["Arn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    Ok(CallerIdentity {
        account_id: identity.account_id,
        arn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Any `~/.aws/config` or `credentials` text, however broken, is read
        /// without a panic, and no secret value survives the reading.
        #[test]
        fn any_aws_config_text_is_read_without_panic_and_keeps_no_secret(
            text in "(\\[[ -~]{0,20}\\]\n|[a-z_]{1,25} ?= ?[ -~]{0,30}\n|[ -~]{0,40}\n){0,30}",
            config_file in proptest::bool::ANY,
        ) {
            for keys in sections(&text, config_file).values() {
                // Only the region's value is kept: keys, tokens, role ARNs and
                // start URLs never leave the file through this reader.
                for (key, value) in keys {
                    if key != "region" {
                        proptest::prop_assert_eq!(value.as_str(), "", "{} kept a value", key);
                    }
                }
            }
        }
    }

    #[test]
    fn profile_kinds_come_from_their_keys_and_secrets_are_not_kept() {
        let config = "[default]\nregion = eu-west-1\n\n[profile client-sso]\nsso_session = corp\nsso_account_id = 1\n\
                      [sso-session corp]\nsso_start_url = https://x\n[profile client-role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = default\n";
        let creds = "[default]\naws_access_key_id = AKIA\naws_secret_access_key = SECRET\n";
        let mut all = sections(config, true);
        for (name, keys) in sections(creds, false) {
            all.entry(name).or_default().extend(keys);
        }
        assert_eq!(
            all.keys().collect::<Vec<_>>(),
            ["client-role", "client-sso", "default"]
        );
        assert!(all["client-sso"].contains_key("sso_session"));
        assert_eq!(all["default"]["region"], "eu-west-1");
        assert_eq!(all["default"]["aws_secret_access_key"], "");
    }
}
