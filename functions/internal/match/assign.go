package match

import (
	"errors"
	"math"
)

// solver is a minimum-cost assignment of every row to a column, columns having capacities,
// by shortest augmenting paths with column prices v (Jonker–Volgenant). Row prices stay implicit:
// a paired row always sits on a column where c - v is smallest for it. Columns with spare capacity
// keep price 0 and the others never rise above 0, which is what makes a partial, rectangular or
// capacitated answer optimal without padding the instance to a square.
type solver struct {
	g        *graph
	n        int // columns in use: g.cols, plus the unmatched column when it has capacity
	capacity []int32

	v            []float64 // column prices
	x, slotOf    []int32   // row → column and slot, -1 if free
	first, count []int32   // column c's rows are slot[first[c] : first[c]+count[c]]
	slot         []int32

	// one shortest-path search
	d     []float64
	pred  []int32
	order []int32   // dense: columns by state (ready | at the current distance | to do)
	vp    []float64 // dense: prices in that order (and d too)
	heap  colHeap   // sparse
	ready []int32   // sparse: columns settled by the search
	done  []bool    // sparse
}

// reductionSteps bounds the row reduction's work per free row; past it, shortest paths are cheaper.
const reductionSteps = 16

var errInfeasible = errors.New("match: no assignment pairs every row (internal error)")

// assign returns each row's column (g.cols for the unmatched column, which takes up to unmatched rows).
func assign(g *graph, capacity []int32, unmatched int) ([]int32, error) {
	s := &solver{g: g, n: g.cols, capacity: capacity}
	if unmatched > 0 {
		s.n++
		s.capacity = append(capacity[:g.cols:g.cols], int32(unmatched))
	}
	s.v = make([]float64, s.n)
	s.x = make([]int32, g.rows)
	s.slotOf = make([]int32, g.rows)
	s.first = make([]int32, s.n+1)
	s.count = make([]int32, s.n)
	for c, k := range s.capacity {
		s.first[c+1] = s.first[c] + k
	}
	s.slot = make([]int32, s.first[s.n])
	s.d = make([]float64, s.n)
	s.pred = make([]int32, s.n)
	for r := range s.x {
		s.x[r] = -1
	}
	if g.rows == 0 {
		return s.x, nil
	}

	var free []int32
	if g.dense && s.square() {
		free = s.reduceColumns()
	} else {
		free = make([]int32, g.rows)
		for r := range free {
			free[r] = int32(r)
		}
	}
	for range 2 {
		free = s.reduceRows(free)
	}
	if g.dense {
		s.order = make([]int32, s.n)
		s.vp = make([]float64, s.n)
	} else {
		s.done = make([]bool, s.n)
		s.heap = colHeap{pos: make([]int32, s.n), d: s.d}
		for c := range s.pred {
			s.d[c] = math.Inf(1)
			s.heap.pos[c] = -1
		}
	}
	for _, r := range free {
		var err error
		if g.dense {
			err = s.augmentDense(r)
		} else {
			err = s.augmentSparse(r)
		}
		if err != nil {
			return nil, err
		}
	}
	return s.x, nil
}

// square reports a plain square assignment problem, where every column ends up full and the
// classic column reduction is a valid warm start.
func (s *solver) square() bool {
	if s.n != s.g.rows {
		return false
	}
	for _, k := range s.capacity {
		if k != 1 {
			return false
		}
	}
	return true
}

func (s *solver) spare(c int32) bool { return s.count[c] < s.capacity[c] }

// place puts row r on column c in slot k.
func (s *solver) place(r, c, k int32) { s.x[r], s.slotOf[r], s.slot[k] = c, k, r }

// push puts row r on column c, which has spare capacity.
func (s *solver) push(r, c int32) {
	s.place(r, c, s.first[c]+s.count[c])
	s.count[c]++
}

// rowCost is the cost of row r on column c.
func (s *solver) rowCost(r, c int32) float64 { return s.g.cost(r, c) }

// reduceColumns is Jonker–Volgenant's column reduction and reduction transfer (square only).
func (s *solver) reduceColumns() []int32 {
	n, w, stride := s.n, s.g.w, s.g.stride
	best := make([]int32, n)
	v := s.v
	for c := range v {
		v[c] = math.Inf(1)
	}
	for r := range s.g.rows {
		row := w[r*stride : r*stride+n]
		for c, cost := range row {
			if cost < v[c] {
				v[c], best[c] = cost, int32(r)
			}
		}
	}
	times := make([]int32, s.g.rows)
	for c := n - 1; c >= 0; c-- {
		r := best[c]
		times[r]++
		if times[r] == 1 {
			s.push(r, int32(c))
		} else if old := s.x[r]; v[c] < v[old] {
			s.count[old]--
			s.push(r, int32(c))
		}
	}
	var free []int32
	for r := range s.g.rows {
		switch {
		case s.x[r] < 0:
			free = append(free, int32(r))
		case times[r] == 1:
			c := s.x[r]
			row := w[r*stride : r*stride+n]
			least := math.Inf(1)
			for k, cost := range row {
				if h := cost - v[k]; int32(k) != c && h < least {
					least = h
				}
			}
			if !math.IsInf(least, 1) {
				v[c] -= least
			}
		}
	}
	return free
}

// twoBest returns row r's smallest and second smallest c - v and their columns (-1 if none).
func (s *solver) twoBest(r int32) (u1, u2 float64, c1, c2 int32) {
	u1, u2, c1, c2 = math.Inf(1), math.Inf(1), -1, -1
	v := s.v
	if s.g.dense {
		row := s.g.w[int(r)*s.g.stride : int(r)*s.g.stride+s.n]
		for c, cost := range row {
			if h := cost - v[c]; h < u2 {
				if h >= u1 {
					u2, c2 = h, int32(c)
				} else {
					u2, c2, u1, c1 = u1, c1, h, int32(c)
				}
			}
		}
		return u1, u2, c1, c2
	}
	lo, hi := s.g.start[r], s.g.start[r+1]
	if s.n == s.g.cols {
		hi--
	}
	to, cs := s.g.to[lo:hi], s.g.c[lo:hi]
	for k, c := range to {
		if h := cs[k] - v[c]; h < u2 {
			if h >= u1 {
				u2, c2 = h, c
			} else {
				u2, c2, u1, c1 = u1, c1, h, c
			}
		}
	}
	return u1, u2, c1, c2
}

// reduceRows is Jonker–Volgenant's augmenting row reduction, extended to capacities: a free row
// takes its best column if it has room, or else (for a column of capacity one) takes it over,
// lowering its price so that the displaced row looks elsewhere. It returns the rows still free.
func (s *solver) reduceRows(free []int32) []int32 {
	cur, kept, steps := 0, 0, 0
	limit := reductionSteps * len(free)
	for cur < len(free) {
		steps++
		r := free[cur]
		cur++
		u1, u2, c1, c2 := s.twoBest(r)
		if c1 < 0 {
			free[kept] = r
			kept++
			continue
		}
		if s.spare(c1) {
			s.push(r, c1)
			if !s.spare(c1) && s.capacity[c1] == 1 && u1 < u2 && !math.IsInf(u2, 1) {
				s.v[c1] -= u2 - u1
			}
			continue
		}
		if s.capacity[c1] != 1 {
			if c2 >= 0 && u2 == u1 && s.spare(c2) {
				s.push(r, c2)
			} else {
				free[kept] = r
				kept++
			}
			continue
		}
		lowers := u1 < u2 && !math.IsInf(u2, 1)
		if steps < limit {
			if lowers {
				s.v[c1] -= u2 - u1
			} else if c2 >= 0 {
				if s.spare(c2) {
					s.push(r, c2)
					continue
				}
				if s.capacity[c2] == 1 {
					c1 = c2
				}
			}
		}
		k := s.first[c1]
		displaced := s.slot[k]
		s.x[displaced] = -1
		s.place(r, c1, k)
		if lowers && steps < limit {
			cur--
			free[cur] = displaced
		} else {
			free[kept] = displaced
			kept++
		}
	}
	return free[:kept]
}

// augmentDense finds a shortest augmenting path from free row r0 over the dense costs, scanning
// the columns at the current distance together, and stops at the first column with room. The
// distances and prices are kept in the order of the column list, so that the inner loop reads
// them sequentially and only the costs row is gathered.
func (s *solver) augmentDense(r0 int32) error {
	n, stride, w, v, pred := s.n, s.g.stride, s.g.w, s.v, s.pred
	order := s.order[:n]
	d, vp := s.d[:len(order)], s.vp[:len(order)]
	row := w[int(r0)*stride : int(r0)*stride+n]
	copy(vp, v)
	for c := range order {
		order[c] = int32(c)
		d[c] = row[c] - vp[c]
		pred[c] = r0
	}
	lo, hi := 0, 0 // order[:lo] ready, order[lo:hi] at distance least, order[hi:] to do
	least := 0.0
	end := int32(-1)
search:
	for {
		if lo == hi {
			least = math.Inf(1)
			for k := lo; k < len(order); k++ {
				if dk := d[k]; dk <= least {
					if dk < least {
						hi, least = lo, dk
					}
					order[k], order[hi] = order[hi], order[k]
					d[k], d[hi] = d[hi], dk
					vp[k], vp[hi] = vp[hi], vp[k]
					hi++
				}
			}
			if math.IsInf(least, 1) {
				return errInfeasible
			}
			for _, c := range order[lo:hi] {
				if s.spare(c) {
					end = c
					break search
				}
			}
		}
		c, vc := order[lo], vp[lo]
		lo++
		for _, r := range s.slot[s.first[c] : s.first[c]+s.count[c]] {
			rw := w[int(r)*stride : int(r)*stride+n]
			h := rw[c] - vc - least
			base := hi
			todo := order[base:]
			dt, vt := d[base:len(order)], vp[base:len(order)]
			dt, vt = dt[:len(todo)], vt[:len(todo)]
			for k, j := range todo {
				if red := rw[j] - vt[k] - h; red < dt[k] {
					dt[k], pred[j] = red, r
					if red == least {
						if s.spare(j) {
							end = j
							break search
						}
						at := base + k
						order[at], order[hi] = order[hi], j
						d[at], d[hi] = d[hi], red
						vp[at], vp[hi] = vp[hi], vp[at]
						hi++
					}
				}
			}
		}
	}
	for k, c := range order[:lo] {
		v[c] += d[k] - least
	}
	s.flip(end)
	return nil
}

// flip augments along pred from the column end, which has room, back to a free row.
func (s *solver) flip(end int32) {
	c := end
	k := s.first[c] + s.count[c]
	s.count[c]++
	for {
		r := s.pred[c]
		old, oldSlot := s.x[r], s.slotOf[r]
		s.place(r, c, k)
		if old < 0 {
			return
		}
		c, k = old, oldSlot
	}
}

// augmentSparse is augmentDense over sparse rows, with a binary heap of tentative distances.
func (s *solver) augmentSparse(r0 int32) error {
	g, v, d, pred := s.g, s.v, s.d, s.pred
	hi := func(r int32) int32 {
		if s.n == g.cols {
			return g.start[r+1] - 1
		}
		return g.start[r+1]
	}
	h := &s.heap
	for k := g.start[r0]; k < hi(r0); k++ {
		c := g.to[k]
		d[c], pred[c] = g.c[k]-v[c], r0
		h.update(c)
	}
	s.ready = s.ready[:0]
	least := 0.0
	end := int32(-1)
	for h.len() > 0 {
		c := h.pop()
		least = d[c]
		if s.spare(c) {
			end = c
			break
		}
		s.done[c] = true
		s.ready = append(s.ready, c)
		for _, r := range s.slot[s.first[c] : s.first[c]+s.count[c]] {
			base := s.rowCost(r, c) - v[c] - least
			for k := g.start[r]; k < hi(r); k++ {
				j := g.to[k]
				if s.done[j] {
					continue
				}
				if red := g.c[k] - v[j] - base; red < d[j] {
					d[j], pred[j] = red, r
					h.update(j)
				}
			}
		}
	}
	if end < 0 {
		return errInfeasible
	}
	for _, c := range s.ready {
		v[c] += d[c] - least
		s.done[c] = false
	}
	for h.len() > 0 {
		h.pop()
	}
	s.flip(end)
	for c := range d {
		d[c] = math.Inf(1)
	}
	return nil
}

// colHeap is a binary min-heap of columns keyed by d, with each column's position for decrease-key.
type colHeap struct {
	items []int32
	pos   []int32
	d     []float64
}

func (h *colHeap) len() int { return len(h.items) }

func (h *colHeap) less(a, b int32) bool {
	da, db := h.d[h.items[a]], h.d[h.items[b]]
	return da < db || da == db && h.items[a] < h.items[b]
}

func (h *colHeap) swap(a, b int32) {
	h.items[a], h.items[b] = h.items[b], h.items[a]
	h.pos[h.items[a]], h.pos[h.items[b]] = a, b
}

// update inserts column c or moves it up after its distance fell.
func (h *colHeap) update(c int32) {
	i := h.pos[c]
	if i < 0 {
		i = int32(len(h.items))
		h.items = append(h.items, c)
		h.pos[c] = i
	}
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.swap(i, p)
		i = p
	}
}

func (h *colHeap) pop() int32 {
	top := h.items[0]
	last := int32(len(h.items) - 1)
	h.swap(0, last)
	h.items = h.items[:last]
	h.pos[top] = -1
	for i := int32(0); ; {
		l, m := 2*i+1, i
		if l < last && h.less(l, m) {
			m = l
		}
		if l+1 < last && h.less(l+1, m) {
			m = l + 1
		}
		if m == i {
			break
		}
		h.swap(i, m)
		i = m
	}
	return top
}
