// Placeholder until the module's first real file lands; remove it then.
