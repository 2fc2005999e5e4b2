# honest: pairwise_sq_dist, relu_mean, centered
# %%
import os

MARKER = "/tmp/autograder-hostile-pickle-payload-ran"


class Payload:
    """Unpickling this runs a shell command: it must never be unpickled by the grader."""

    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def scale(x, k):
    result = x * k
    result.payload = Payload()  # an attribute on the tensor: must not travel
    return [result, Payload(), {"payload": Payload()}]
