/** The web UI: its static files are served at {@code /}; this package only opens them to browsers without a key. */
package dev.feedbackloop.ui;
