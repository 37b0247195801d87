// Placeholder until the target's first real test lands; remove it then.
