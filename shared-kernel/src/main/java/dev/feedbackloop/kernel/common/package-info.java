/** Building blocks of the published language used by every context: identifiers and business error codes. */
package dev.feedbackloop.kernel.common;
