/** {@code understudy topics}: creates a deployment's topics, or refuses existing ones that break the contract. */
package io.understudy.cli.topics;
