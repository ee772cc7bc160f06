package match

// maxPairs returns the largest number of pairs any assignment can make, by Hopcroft–Karp on
// columns with capacities: each phase finds a maximal set of shortest augmenting paths.
func maxPairs(g *graph, capacity []int32, pairs int) int {
	total := 0
	for _, c := range capacity {
		total += int(c)
	}
	if g.complete() {
		return min(g.rows, total)
	}
	start, to := g.neighbours(pairs)
	h := &hopcroftKarp{
		start: start, to: to, capacity: capacity,
		x: make([]int32, g.rows), slotOf: make([]int32, g.rows),
		first: make([]int32, len(capacity)+1), count: make([]int32, len(capacity)),
		dist: make([]int32, g.rows), next: make([]int32, g.rows),
	}
	for c, k := range capacity {
		h.first[c+1] = h.first[c] + k
	}
	h.slot = make([]int32, h.first[len(capacity)])
	pairs = 0
	for r := range h.x {
		h.x[r] = -1
		for _, c := range to[start[r]:start[r+1]] {
			if h.count[c] < capacity[c] {
				h.place(int32(r), c, h.first[c]+h.count[c])
				h.count[c]++
				pairs++
				break
			}
		}
	}
	for h.layer() {
		for r := range h.x {
			if h.x[r] < 0 && h.augment(int32(r)) {
				pairs++
			}
		}
	}
	return pairs
}

type hopcroftKarp struct {
	start, to, capacity []int32
	x, slotOf           []int32 // row → column and slot, -1 if unpaired
	first, count, slot  []int32 // column c's rows are slot[first[c] : first[c]+count[c]]
	dist, next, queue   []int32
}

const unreached = int32(1 << 30)

func (h *hopcroftKarp) place(r, c, s int32) {
	h.x[r], h.slotOf[r], h.slot[s] = c, s, r
}

// layer labels rows by alternating distance from the unpaired rows and reports whether a column
// with spare capacity is reachable.
func (h *hopcroftKarp) layer() bool {
	h.queue = h.queue[:0]
	for r := range h.x {
		h.next[r] = h.start[r]
		h.dist[r] = unreached
		if h.x[r] < 0 {
			h.dist[r] = 0
			h.queue = append(h.queue, int32(r))
		}
	}
	found := false
	for q := 0; q < len(h.queue); q++ {
		r := h.queue[q]
		for _, c := range h.to[h.start[r]:h.start[r+1]] {
			if c == h.x[r] {
				continue
			}
			if h.count[c] < h.capacity[c] {
				found = true
				continue
			}
			for _, r2 := range h.slot[h.first[c] : h.first[c]+h.count[c]] {
				if h.dist[r2] == unreached {
					h.dist[r2] = h.dist[r] + 1
					h.queue = append(h.queue, r2)
				}
			}
		}
	}
	return found
}

// augment moves row r to a new column along the layers, freeing its old slot, and reports success.
func (h *hopcroftKarp) augment(r int32) bool {
	for ; h.next[r] < h.start[r+1]; h.next[r]++ {
		c := h.to[h.next[r]]
		if c == h.x[r] {
			continue
		}
		if h.count[c] < h.capacity[c] {
			h.place(r, c, h.first[c]+h.count[c])
			h.count[c]++
			return true
		}
		for s := h.first[c]; s < h.first[c]+h.count[c]; s++ {
			r2 := h.slot[s]
			if h.dist[r2] == h.dist[r]+1 && h.augment(r2) {
				h.place(r, c, s)
				return true
			}
		}
	}
	h.dist[r] = unreached
	return false
}
