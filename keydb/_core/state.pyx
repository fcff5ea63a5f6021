"""Holds the one global `g` (see state.pxd); every module cimports it from here."""
