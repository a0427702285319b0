// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR) of a W-bit
// word taken most significant bit first, i.e. of its bytes in big-endian order. Include it inside a
// module that has the parameter CRC_W (the width of the protected word). Used by credit_link_tx (which
// appends it to {sequence number, flit}) and credit_link_rx (which checks it).
function automatic logic [15:0] crc16(input logic [CRC_W-1:0] data);
  logic [15:0] crc = 16'hFFFF;
  for (int k = int'(CRC_W) - 1; k >= 0; k--) begin
    crc = (crc[15] ^ data[k]) ? ((crc << 1) ^ 16'h1021) : (crc << 1);
  end
  return crc;
endfunction
