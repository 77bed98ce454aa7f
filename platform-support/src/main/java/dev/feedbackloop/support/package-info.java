/** Infrastructure every service shares: stores, stored format, read models, security, errors, operations. */
package dev.feedbackloop.support;
