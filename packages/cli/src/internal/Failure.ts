/**
 * A failure the CLI explains itself: a sentence or two for stderr and the exit code it maps to
 * (2 usage or invalid input, 3 not found, 4 authentication or permission, 5 `plan --detailed-exitcode` found
 * changes, 1 anything else).
 */
import * as Data from "effect/Data"

export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5

export class CliFailure extends Data.TaggedError("CliFailure")<{
  readonly text: string
  readonly exitCode: ExitCode
}> {
  constructor(text: string, exitCode: ExitCode) {
    super({ text, exitCode })
  }
  override get message(): string {
    return this.text
  }
}

/** Bad input from the user: exit 2, nothing sent. */
export const usage = (text: string) => new CliFailure(text, 2)
