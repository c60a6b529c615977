//! When the app cannot start (its database refused to open, the built-in
//! catalogue did not load), the window still opens and shows why in a
//! dialog: started from a desktop menu, a message on stderr would be seen by
//! nobody. Only `commands::start_desk` is registered then, and it answers
//! with the failure.

/// Why the app could not start, as the partner reads it.
pub struct StartupFailure(pub String);
