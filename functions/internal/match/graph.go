package match

import (
	"math"
	"sort"
)

// denseCells bounds the dense cost matrix (8 bytes a cell); larger instances stay sparse.
const denseCells = 1 << 25

// graph holds the costs (negated weights) of the allowed pairs between rows (mentees) and
// columns (mentors), plus one more column, index cols, that every row reaches at cost zero: the
// "unmatched" column. Instances with at least half of all pairs allowed are stored densely, row
// by row with +Inf for a forbidden pair; the others in compressed sparse rows sorted by column.
type graph struct {
	rows, cols int
	dense      bool

	// dense: w[r*stride+c], stride = cols+1
	stride int
	w      []float64

	// sparse: row r's entries are [start[r], start[r+1]); each row ends with the unmatched column
	start []int32
	to    []int32
	c     []float64

	pending []entry
}

type entry struct {
	row, col int32
	cost     float64
}

func newGraph(rows, cols, pairs int) *graph {
	g := &graph{rows: rows, cols: cols, stride: cols + 1}
	cells := rows * (cols + 1)
	g.dense = 2*pairs >= rows*cols && cells <= denseCells
	if g.dense {
		g.w = make([]float64, cells)
		inf := math.Inf(1)
		for r := range rows {
			row := g.w[r*g.stride : r*g.stride+cols]
			for i := range row {
				row[i] = inf
			}
		}
	} else {
		g.pending = make([]entry, 0, pairs)
	}
	return g
}

func (g *graph) add(r, c int32, cost float64) {
	if g.dense {
		g.w[int(r)*g.stride+int(c)] = cost
		return
	}
	g.pending = append(g.pending, entry{r, c, cost})
}

// finish builds the sparse rows: a counting sort by column, then a stable one by row.
func (g *graph) finish() {
	if g.dense {
		return
	}
	byCol := make([]int32, g.cols+1)
	for _, e := range g.pending {
		byCol[e.col+1]++
	}
	for c := 1; c <= g.cols; c++ {
		byCol[c] += byCol[c-1]
	}
	sorted := make([]entry, len(g.pending))
	for _, e := range g.pending {
		sorted[byCol[e.col]] = e
		byCol[e.col]++
	}
	g.pending = nil
	g.start = make([]int32, g.rows+1)
	for _, e := range sorted {
		g.start[e.row+1]++
	}
	for r := 1; r <= g.rows; r++ {
		g.start[r] += g.start[r-1] + 1 // +1: the unmatched column closes every row
	}
	n := len(sorted) + g.rows
	g.to = make([]int32, n)
	g.c = make([]float64, n)
	next := make([]int32, g.rows)
	copy(next, g.start[:g.rows])
	for _, e := range sorted {
		g.to[next[e.row]] = e.col
		g.c[next[e.row]] = e.cost
		next[e.row]++
	}
	for r := range g.rows {
		g.to[next[r]] = int32(g.cols)
	}
}

// cost returns the cost of an allowed pair (or of the unmatched column).
func (g *graph) cost(r, c int32) float64 {
	if g.dense {
		return g.w[int(r)*g.stride+int(c)]
	}
	lo, hi := int(g.start[r]), int(g.start[r+1])
	k := lo + sort.Search(hi-lo, func(i int) bool { return g.to[lo+i] >= c })
	return g.c[k]
}

// complete reports whether every pair is allowed.
func (g *graph) complete() bool {
	if !g.dense {
		return g.start[g.rows] == int32(g.rows*(g.cols+1))
	}
	for r := range g.rows {
		for _, w := range g.w[r*g.stride : r*g.stride+g.cols] {
			if math.IsInf(w, 1) {
				return false
			}
		}
	}
	return true
}

// neighbours returns each row's allowed columns (without the unmatched column) of the given number of pairs.
func (g *graph) neighbours(pairs int) (start, to []int32) {
	if !g.dense {
		start = make([]int32, g.rows+1)
		to = make([]int32, 0, len(g.to)-g.rows)
		for r := range g.rows {
			to = append(to, g.to[g.start[r]:g.start[r+1]-1]...)
			start[r+1] = int32(len(to))
		}
		return start, to
	}
	start = make([]int32, g.rows+1)
	to = make([]int32, 0, pairs)
	for r := range g.rows {
		for c, w := range g.w[r*g.stride : r*g.stride+g.cols] {
			if !math.IsInf(w, 1) {
				to = append(to, int32(c))
			}
		}
		start[r+1] = int32(len(to))
	}
	return start, to
}
