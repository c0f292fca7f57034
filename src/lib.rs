//! CloudLab web app.
