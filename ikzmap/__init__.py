"""ikzmap: interkommunale Zusammenarbeit (IKZ) in NRW on maps, with the budget status."""

__version__ = "0.1.0"
