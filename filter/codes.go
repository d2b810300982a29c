package filter

// codes holds one dictionary code per row in one, two or four bytes, the
// narrowest that fits the dictionary so far: a million rows of a column
// with fewer than 256 distinct values (cities, statuses, first names) take
// one megabyte.
type codes struct {
	w8   []uint8
	w16  []uint16
	w32  []uint32
	wide int // 1, 2 or 4
}

func (c *codes) len() int {
	switch c.wide {
	case 0, 1:
		return len(c.w8)
	case 2:
		return len(c.w16)
	}
	return len(c.w32)
}

func (c *codes) get(i int) uint32 {
	switch c.wide {
	case 0, 1:
		return uint32(c.w8[i])
	case 2:
		return uint32(c.w16[i])
	}
	return c.w32[i]
}

// fit widens the codes so v fits.
func (c *codes) fit(v uint32) {
	if c.wide == 0 {
		c.wide = 1
	}
	if c.wide == 1 && v > 0xff {
		c.w16 = make([]uint16, len(c.w8), max(cap(c.w8), 16))
		for i, x := range c.w8 {
			c.w16[i] = uint16(x)
		}
		c.w8, c.wide = nil, 2
	}
	if c.wide == 2 && v > 0xffff {
		c.w32 = make([]uint32, len(c.w16), max(cap(c.w16), 16))
		for i, x := range c.w16 {
			c.w32[i] = uint32(x)
		}
		c.w16, c.wide = nil, 4
	}
}

func (c *codes) set(i int, v uint32) {
	c.fit(v)
	switch c.wide {
	case 1:
		c.w8[i] = uint8(v)
	case 2:
		c.w16[i] = uint16(v)
	default:
		c.w32[i] = v
	}
}

func (c *codes) append(v uint32) {
	c.fit(v)
	switch c.wide {
	case 1:
		c.w8 = append(c.w8, uint8(v))
	case 2:
		c.w16 = append(c.w16, uint16(v))
	default:
		c.w32 = append(c.w32, v)
	}
}

// mark sets in out the rows whose code is marked in match.
func (c *codes) mark(match []bool, out bitset) {
	switch c.wide {
	case 0, 1:
		for r, x := range c.w8 {
			if match[x] {
				out.set(uint32(r))
			}
		}
	case 2:
		for r, x := range c.w16 {
			if match[x] {
				out.set(uint32(r))
			}
		}
	default:
		for r, x := range c.w32 {
			if match[x] {
				out.set(uint32(r))
			}
		}
	}
}

// count adds each row's code to per.
func (c *codes) count(per []int) {
	switch c.wide {
	case 0, 1:
		for _, x := range c.w8 {
			per[x]++
		}
	case 2:
		for _, x := range c.w16 {
			per[x]++
		}
	default:
		for _, x := range c.w32 {
			per[x]++
		}
	}
}

func (c *codes) memory() int { return cap(c.w8) + 2*cap(c.w16) + 4*cap(c.w32) }
