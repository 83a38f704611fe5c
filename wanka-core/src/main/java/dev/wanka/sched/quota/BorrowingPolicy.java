package dev.wanka.sched.quota;

/**
 * Whether a queue may take idle guaranteed quota of its siblings and ancestors (up to its max), and
 * whether its own idle guarantee may be taken by others (Kueue's borrowingLimit / lendingLimit
 * reduced to yes or no).
 */
public record BorrowingPolicy(boolean mayBorrow, boolean mayLend) {
  public static final BorrowingPolicy BORROW_AND_LEND = new BorrowingPolicy(true, true);
  public static final BorrowingPolicy LEND_ONLY = new BorrowingPolicy(false, true);
  public static final BorrowingPolicy BORROW_ONLY = new BorrowingPolicy(true, false);
  public static final BorrowingPolicy ISOLATED = new BorrowingPolicy(false, false);
}
