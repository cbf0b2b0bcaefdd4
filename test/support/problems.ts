/**
 * Awaiting a promise that must fail with a TraytuneProblem of a given kind.
 * Rejections of any other sort, and successes, fail the test with a message
 * that says what happened instead.
 */
import { TraytuneProblem } from '../../main/core/problems.ts';
import type { ProblemKind } from '../../main/core/problems.ts';

export async function problemFrom(promise: Promise<unknown>, kind: ProblemKind): Promise<TraytuneProblem> {
  const outcome = await promise.then(
    () => new Error(`expected a '${kind}' problem, but the call succeeded`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof TraytuneProblem)) throw outcome;
  if (outcome.kind !== kind) {
    throw new Error(`expected a '${kind}' problem, got '${outcome.kind}': ${outcome.message}`, { cause: outcome });
  }
  return outcome;
}
