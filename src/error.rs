//! The one typed error: a user's mistake.
//!
//! Everything else travels as `anyhow::Error`. Callers branch on exactly one question, "was
//! this the user's fault?", which decides exit code 2 rather than 1 (and later HTTP 400 rather
//! than 500). Wrap a [`UserError`] in anyhow freely: `is_user_error` finds it through context.

/// A mistake in what the user asked for: a bad query, a missing path, a locked index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

impl UserError {
    pub fn new(msg: impl Into<String>) -> Self {
        UserError(msg.into())
    }
}

/// Makes an `anyhow::Error` carrying a [`UserError`].
pub fn user(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError::new(msg))
}

/// True when `err` (or anything in its chain) is a [`UserError`].
pub fn is_user_error(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<UserError>().is_some())
}
