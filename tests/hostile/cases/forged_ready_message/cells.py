# %%
import autograder.worker.protocol as wire

_send = wire.send


def forged_send(fd, message, timeout=None):
    """The message that says the notebook ran is sent after this cell: its fields get the wrong types."""
    if isinstance(message, dict) and message.get("ready"):
        message = {"ready": True, "problems": 5, "seconds": "soon", "output": ["not", "text"]}
    return _send(fd, message, timeout)


wire.send = forged_send


def scale(x, k):
    return x * k
