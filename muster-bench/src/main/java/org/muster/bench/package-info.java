/** The benchmark harness: regroup fan-out and admission latency as ratios against a bare-stack baseline. */
package org.muster.bench;
