<div class="hook">zeta shipping override</div>
