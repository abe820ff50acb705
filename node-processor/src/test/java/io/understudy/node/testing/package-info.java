/** Test helpers of the node: a traffic function whose flows end, and a node under TopologyTestDriver. */
package io.understudy.node.testing;
