package dev.bulwark;

/** Untrusted input went past one of Bulwark's size or count bounds. */
public class LimitExceededException extends InputException {
  public LimitExceededException(String input, String what, long limit) {
    super(input + ": " + what + " exceeds the limit of " + limit);
  }
}
