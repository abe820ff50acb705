package io.understudy.bench.harness;

/**
 * @param name        instance or role
 * @param peakRssMb   largest resident set seen
 * @param cpuAtSaturation CPU during the saturation phase, percent of one core
 */
public record ProcessResult(String name, double peakRssMb, double cpuAtSaturation) {
}
