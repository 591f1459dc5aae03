package qmap.target;

/**
 * Thrown while computing a fact that the IR cannot give (a shape that was not inferred, an
 * input that is not constant); the message says why and ends up in the placement reason.
 */
final class UnknownFact extends RuntimeException {
    UnknownFact(String why) {
        super(why, null, false, false);
    }
}
