"""The kinds' colours stay apart for readers with every common colour-vision deficiency.

Two kinds drawn in the same shape can only be told apart by colour, so their colours must
differ clearly (CIE76 distance in CIELAB of at least 20) in normal vision and in simulated
protanopia, deuteranopia and tritanopia (Machado, Oliveira and Fernandes 2009, severity 1).
"""

import itertools

import pytest
from rdflib import Graph, Namespace

from spacegraph.core import paths

SG = Namespace("https://w3id.org/spacegraph/ontology#")

#: Machado et al. (2009) simulation matrices at full severity, applied to linear RGB.
SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
DISTINCT = 20.0


def _linear(channel):
    channel /= 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _lab(rgb):
    r, g, b = rgb
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b)

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen(colour, vision):
    rgb = [_linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5)]
    matrix = SIMULATIONS[vision]
    return _lab([min(1.0, max(0.0, sum(row[k] * rgb[k] for k in range(3)))) for row in matrix])


def distance(a, b, vision):
    return sum((p - q) ** 2 for p, q in zip(seen(a, vision), seen(b, vision), strict=True)) ** 0.5


def kind_styles():
    ontology = Graph().parse(paths.ontology_file())
    return {str(kind): (str(ontology.value(cls, SG.kindShape)), str(ontology.value(cls, SG.kindColour)))
            for cls, kind in ontology.subject_objects(SG.networkKind) if ontology.value(cls, SG.kindColour) is not None}


def test_the_simulation_tells_red_from_green_only_in_normal_vision():
    assert distance("#FF0000", "#00AA00", "normal") > 60
    assert distance("#D55E00", "#669900", "deuteranopia") < distance("#D55E00", "#669900", "normal") / 2


@pytest.mark.parametrize("vision", sorted(SIMULATIONS))
def test_kinds_of_one_shape_have_colours_apart(vision):
    styles = kind_styles()
    assert len(styles) >= 15
    close = [(a, b, round(distance(styles[a][1], styles[b][1], vision), 1))
             for a, b in itertools.combinations(sorted(styles), 2)
             if styles[a][0] == styles[b][0] and distance(styles[a][1], styles[b][1], vision) < DISTINCT]
    assert close == []


def test_no_two_kinds_share_both_shape_and_colour():
    styles = kind_styles()
    assert len(set(styles.values())) == len(styles)
