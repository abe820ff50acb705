/**
 * Directories the stack owns: creating them with a clear error when that is impossible, and
 * deleting them when they are not to be kept.
 */
package io.understudy.stack.files;
