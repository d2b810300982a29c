package ui

import "rolo/filter"

// fbShape is what the filter builder edits: conditions in groups, each
// group joining its conditions by "all of" (and) or "any of" (or), and the
// groups joined the same way. It is the part of --where that two levels of
// and/or can say: `(city = Kraków and points > 100) or group in VIP` is
// two groups joined by any of, the first joining its two conditions by
// all of.
type fbShape struct {
	conds  []filter.Condition
	group  []int  // the group of each condition; conditions are kept by group, in order
	anyOf  []bool // per group: its conditions are joined by or
	topAny bool   // the groups are joined by or
}

// groups is how many groups hold conditions.
func (s fbShape) groups() int { return len(s.anyOf) }

// members lists the conditions of group g.
func (s fbShape) members(g int) []filter.Condition {
	var out []filter.Condition
	for i, c := range s.conds {
		if s.group[i] == g {
			out = append(out, c)
		}
	}
	return out
}

// filter is the shape as a filter, in the form the --where parser gives
// for its text, so a filter read back has the same shape.
func (s fbShape) filter() filter.Filter {
	parts := make([]filter.Filter, 0, s.groups())
	for g := range s.anyOf {
		if cs := s.members(g); len(cs) > 0 {
			parts = append(parts, groupFilter(cs, s.anyOf[g]))
		}
	}
	switch {
	case len(parts) == 0:
		return filter.Filter{}
	case len(parts) == 1:
		return parts[0]
	case s.topAny:
		return filter.Filter{Groups: []filter.Group{{Any: parts}}}
	}
	var f filter.Filter
	for _, p := range parts {
		f.Conds = append(f.Conds, p.Conds...)
		f.Groups = append(f.Groups, p.Groups...)
	}
	return f
}

// groupFilter joins the conditions of one group.
func groupFilter(cs []filter.Condition, anyOf bool) filter.Filter {
	if !anyOf || len(cs) == 1 {
		return filter.Filter{Conds: append([]filter.Condition(nil), cs...)}
	}
	alts := make([]filter.Filter, len(cs))
	for i, c := range cs {
		alts[i] = filter.Filter{Conds: []filter.Condition{c}}
	}
	return filter.Filter{Groups: []filter.Group{{Any: alts}}}
}

// shapeOf is the shape of f; ok is false when f nests and/or deeper than
// the builder's two levels (it is then kept as it came, never dropped).
func shapeOf(f filter.Filter) (s fbShape, ok bool) {
	if len(f.Conds) == 0 && len(f.Groups) == 1 && !allSingle(f.Groups[0].Any) {
		// One group of alternatives: the builder's groups, joined by any of.
		s.topAny = true
		for _, alt := range f.Groups[0].Any {
			cs, anyOf, ok := flatGroup(alt)
			if !ok {
				return fbShape{}, false
			}
			s.add(cs, anyOf)
		}
		return s, true
	}
	// Otherwise the parts are joined by all of: the plain conditions are
	// one group, each group of single alternatives an any-of group.
	if len(f.Conds) > 0 {
		s.add(f.Conds, false)
	}
	for _, g := range f.Groups {
		if !allSingle(g.Any) {
			return fbShape{}, false
		}
		s.add(singles(g.Any), true)
	}
	return s, true
}

// add appends a group of conditions.
func (s *fbShape) add(cs []filter.Condition, anyOf bool) {
	g := len(s.anyOf)
	s.anyOf = append(s.anyOf, anyOf)
	for _, c := range cs {
		s.conds = append(s.conds, c)
		s.group = append(s.group, g)
	}
}

// flatGroup reads one alternative as a group: conditions joined by and, or
// single conditions joined by or.
func flatGroup(f filter.Filter) (cs []filter.Condition, anyOf, ok bool) {
	switch {
	case len(f.Groups) == 0 && len(f.Conds) > 0:
		return f.Conds, false, true
	case len(f.Conds) == 0 && len(f.Groups) == 1 && allSingle(f.Groups[0].Any):
		return singles(f.Groups[0].Any), true, true
	}
	return nil, false, false
}

func allSingle(alts []filter.Filter) bool {
	for _, a := range alts {
		if len(a.Conds) != 1 || len(a.Groups) != 0 {
			return false
		}
	}
	return len(alts) > 0
}

func singles(alts []filter.Filter) []filter.Condition {
	out := make([]filter.Condition, len(alts))
	for i, a := range alts {
		out[i] = a.Conds[0]
	}
	return out
}

// insert puts c into group g after its last condition (a new group when g
// is past the last) and returns its index.
func (s *fbShape) insert(c filter.Condition, g int) int {
	if g >= len(s.anyOf) {
		s.anyOf = append(s.anyOf, false)
		g = len(s.anyOf) - 1
	}
	at := 0 // after the last condition of g, or of the groups before it
	for i := len(s.group) - 1; i >= 0; i-- {
		if s.group[i] <= g {
			at = i + 1
			break
		}
	}
	s.conds = append(s.conds[:at], append([]filter.Condition{c}, s.conds[at:]...)...)
	s.group = append(s.group[:at], append([]int{g}, s.group[at:]...)...)
	return at
}

// remove drops condition i; a group left empty goes, and the groups after
// it move up.
func (s *fbShape) remove(i int) {
	g := s.group[i]
	s.conds = append(s.conds[:i], s.conds[i+1:]...)
	s.group = append(s.group[:i], s.group[i+1:]...)
	for _, x := range s.group {
		if x == g {
			return
		}
	}
	s.anyOf = append(s.anyOf[:g], s.anyOf[g+1:]...)
	for j := range s.group {
		if s.group[j] > g {
			s.group[j]--
		}
	}
}

// clone copies the slices, for a preview that inserts a draft.
func (s fbShape) clone() fbShape {
	return fbShape{conds: append([]filter.Condition(nil), s.conds...), group: append([]int(nil), s.group...),
		anyOf: append([]bool(nil), s.anyOf...), topAny: s.topAny}
}
