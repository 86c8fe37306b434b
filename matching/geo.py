"""Distances on the earth and the places of the Hart van Brabant region."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088

# Centres of the towns and villages in the nine Hart van Brabant municipalities
# (municipality, place, lat, lon, first four digits of the postcodes there).
PLACES: tuple[tuple[str, str, float, float, str], ...] = (
    ("Tilburg", "Tilburg", 51.5606, 5.0919, "5038"),
    ("Tilburg", "Berkel-Enschot", 51.5860, 5.1420, "5056"),
    ("Tilburg", "Udenhout", 51.6096, 5.1431, "5071"),
    ("Oisterwijk", "Oisterwijk", 51.5794, 5.1895, "5061"),
    ("Oisterwijk", "Moergestel", 51.5427, 5.1810, "5066"),
    ("Waalwijk", "Waalwijk", 51.6828, 5.0700, "5141"),
    ("Waalwijk", "Sprang-Capelle", 51.6688, 5.0354, "5161"),
    ("Dongen", "Dongen", 51.6266, 4.9389, "5104"),
    ("Goirle", "Goirle", 51.5206, 5.0669, "5051"),
    ("Goirle", "Riel", 51.5275, 5.0256, "5133"),
    ("Hilvarenbeek", "Hilvarenbeek", 51.4859, 5.1376, "5081"),
    ("Hilvarenbeek", "Diessen", 51.4750, 5.1747, "5087"),
    ("Loon op Zand", "Kaatsheuvel", 51.6576, 5.0437, "5171"),
    ("Loon op Zand", "Loon op Zand", 51.6272, 5.0749, "5175"),
    ("Gilze en Rijen", "Rijen", 51.5906, 4.9190, "5121"),
    ("Gilze en Rijen", "Gilze", 51.5447, 4.9400, "5126"),
    ("Heusden", "Drunen", 51.6858, 5.1333, "5151"),
    ("Heusden", "Vlijmen", 51.6950, 5.2144, "5251"),
)

MUNICIPALITIES: tuple[str, ...] = tuple(sorted({p[0] for p in PLACES}))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Vectorised :func:`haversine_km` from one point to arrays of points."""
    p1 = math.radians(lat)
    p2 = np.radians(lats)
    dp = p2 - p1
    dl = np.radians(lons) - math.radians(lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
