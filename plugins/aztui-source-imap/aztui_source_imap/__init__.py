"""aztui source plugin: Amazon's notification e-mails read from a mailbox over IMAP."""
