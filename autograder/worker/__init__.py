"""The worker side: a warm zygote forks one sandboxed child per submission; only data comes back."""
