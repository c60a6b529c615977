//! Atoll's deliverables (work in progress).
