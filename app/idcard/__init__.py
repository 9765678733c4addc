"""Reading the second-generation resident ID card (居民身份证): find, read, verify."""
