"""Pure text checks: roster names, personal data, tone and comment triage.

Plain data in, plain data out, no Django: the policy rules turn these results
into `Finding`s, and the command line, the composer and the moderation queue
call the same functions.
"""
