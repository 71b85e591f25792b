#!/usr/bin/env python3
"""Loads graph.graphml with NetworkX and igraph and checks counts and attributes.

usage: graphml_check.py GRAPH.json GRAPH.graphml
"""
import json, sys, warnings

import igraph
import networkx

graph = json.load(open(sys.argv[1]))
path = sys.argv[2]
nodes = {n["id"] for n in graph["nodes"]} | {e[k] for e in graph["edges"] for k in ("source", "target")}
edges = len(graph["edges"])

g = networkx.read_graphml(path)
assert g.is_directed(), "NetworkX: the graph is not directed"
assert g.number_of_nodes() == len(nodes), (g.number_of_nodes(), len(nodes))
assert g.number_of_edges() == edges, (g.number_of_edges(), edges)
for _, data in g.nodes(data=True):
    assert {"actor", "name", "kind", "mentions"} <= data.keys(), data
for _, _, data in g.edges(data=True):
    assert {"type", "polarity", "symmetric", "count", "weight", "evidence"} <= data.keys(), data
print(f"NetworkX {networkx.__version__}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    h = igraph.Graph.Read_GraphML(path)
assert not caught, [str(w.message) for w in caught]
assert h.is_directed() and h.vcount() == len(nodes) and h.ecount() == edges
assert {"actor", "name", "kind", "mentions"} <= set(h.vs.attributes())
assert {"type", "polarity", "symmetric", "count", "weight"} <= set(h.es.attributes())
print(f"igraph {igraph.__version__}: {h.vcount()} nodes, {h.ecount()} edges, no warnings")
