package io.understudy.functions;

/** Test fixture: a class that does what node-side code must not, to show the guard sees it. */
final class ClockAndRandomFixture {

    long now() {
        return System.nanoTime();
    }

    double dice() {
        return Math.random();
    }
}
