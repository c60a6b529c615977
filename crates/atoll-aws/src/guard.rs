//! The read-only guard: an SDK interceptor on every client that refuses any
//! operation that is not a read, and records every request it lets through
//! (retries included) for the API-call count and the read-only test.

// A poisoned log still holds every call recorded before the panic: use it.
use std::sync::{Arc, Mutex, PoisonError};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Operation name prefixes that only read.
const READ_PREFIXES: [&str; 3] = ["Describe", "List", "Get"];

pub fn is_read_operation(operation: &str) -> bool {
    READ_PREFIXES.iter().any(|p| operation.starts_with(p))
}

/// Every request sent, as `service:Operation`, in order.
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    calls: Arc<Mutex<Vec<String>>>,
}

impl CallLog {
    pub fn calls(&self) -> Vec<String> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn count(&self) -> u64 {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len() as u64
    }

    fn push(&self, call: String) {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(call);
    }
}

#[derive(Debug, Clone)]
pub struct ReadOnlyGuard {
    log: CallLog,
}

impl ReadOnlyGuard {
    pub fn new(log: CallLog) -> Self {
        ReadOnlyGuard { log }
    }
}

fn operation(cfg: &ConfigBag) -> (String, String) {
    cfg.load::<Metadata>()
        .map(|m| (m.service().to_string(), m.name().to_string()))
        .unwrap_or_else(|| ("unknown".into(), "unknown".into()))
}

impl Intercept for ReadOnlyGuard {
    fn name(&self) -> &'static str {
        "AtollReadOnlyGuard"
    }

    // Runs once the operation's own configuration (its name) is known, and
    // before the request exists.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, op) = operation(cfg);
        if is_read_operation(&op) {
            Ok(())
        } else {
            Err(format!("Atoll is read-only: refused to send {service}:{op}").into())
        }
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, op) = operation(cfg);
        self.log.push(format!("{service}:{op}"));
        Ok(())
    }
}
