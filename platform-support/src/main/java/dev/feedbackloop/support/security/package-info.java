/** API keys with scopes, sent as bearer tokens; kept only as SHA-256 hashes. */
package dev.feedbackloop.support.security;
