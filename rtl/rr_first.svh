// Round-robin search shared by rr_arbiter and islip_allocator: include it inside a module that has the
// parameters N (the width) and PW (the pointer width, $clog2(N), at least 1).
//
// rr_first(mask, from) is the first set bit of `mask` at or after position `from` (< N), wrapping
// around, as a one-hot vector (zero when `mask` is empty): the same search as
// snsim::BitSet::next_from (models/core/bit_set.h). The bits at or above `from` are tried first; when
// none is set the whole mask is (the wrap-around); the lowest set bit of that, x & -x, wins.
function automatic logic [N-1:0] rr_first(input logic [N-1:0] mask, input logic [PW-1:0] from);
  logic [N-1:0] at_or_after = ~((N'(1) << from) - N'(1));
  logic [N-1:0] upper = mask & at_or_after;
  logic [N-1:0] pool = (|upper) ? upper : mask;
  return pool & (~pool + N'(1));
endfunction

// (p + 1) mod N, for a pointer p < N: the position just past p.
function automatic logic [PW-1:0] rr_past(input logic [PW-1:0] p);
  return (p == PW'(N - 1)) ? '0 : p + PW'(1);
endfunction

// The position of the set bit of a one-hot vector (0 when none). Bit b of the position is the OR of the
// one-hot bits at positions that have bit b set (RR_POSITION_BIT[b], built at elaboration).
function automatic logic [PW-1:0][N-1:0] rr_position_bits();
  logic [PW-1:0][N-1:0] bits = '0;
  for (int unsigned b = 0; b < PW; b++) begin
    for (int unsigned k = 0; k < N; k++) bits[b][k] = ((k >> b) & 1) != 0;
  end
  return bits;
endfunction
localparam logic [PW-1:0][N-1:0] RR_POSITION_BIT = rr_position_bits();

function automatic logic [PW-1:0] rr_index(input logic [N-1:0] onehot);
  logic [PW-1:0] index;
  for (int unsigned b = 0; b < PW; b++) index[b] = |(onehot & RR_POSITION_BIT[b]);
  return index;
endfunction
